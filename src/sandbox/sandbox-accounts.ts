import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ChannelSpec } from '../core/channel-accounts/provision-env-channels.ts';
import { SANDBOXES, SIM_PLATFORMS, type SandboxVariable, type SimAccount, type SimSecrets } from '../simulator/index.ts';

/**
 * The sandbox: one simulated business account per platform that brings a sandbox section
 * (src/simulator/<platform>/sandbox.ts) and the secrets the simulator signs their webhooks with.
 * Generated once per DATA_DIR (sandbox.json, mode 0600), so restarts keep the same channels and
 * conversations. Beside it, `simulator-secret` (0600): the bearer token of the simulator's
 * control API, which only snorq and whoever can read DATA_DIR know.
 */
export interface Sandbox {
  /** Keyed by platform (SimulatorOptions.secrets). */
  secrets: SimSecrets;
  verifyToken: string;
  accounts: SimAccount[];
  controlSecret: string;
  /** This start wrote sandbox.json: its accounts are new, and no database holds a message of theirs. */
  created: boolean;
}

const SandboxFile = z.object({
  // Keyed by platform; files written before use each platform's `secret.legacyKey`.
  secrets: z.record(z.string(), z.string().min(1)),
  verifyToken: z.string().min(1),
  accounts: z
    .array(
      z
        .object({ platform: z.enum(SIM_PLATFORMS), accountId: z.string().min(1), accessToken: z.string().min(1), displayName: z.string().optional() })
        // The platform's own account fields (SimAccount), all text.
        .catchall(z.string()),
    )
    .min(1),
});
type SandboxFile = z.infer<typeof SandboxFile>;

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

function newSandbox(): SandboxFile {
  return {
    secrets: Object.fromEntries(SANDBOXES.filter((s) => s.sandbox.secret).map((s) => [s.platform, hex(16)])),
    verifyToken: hex(12),
    accounts: SANDBOXES.map((s) => s.sandbox.newAccount()) as SandboxFile['accounts'],
  };
}

/** The secret a platform signs with, from either shape of the file (today's key or its `legacyKey`). */
function storedSecret(file: SandboxFile, { platform, sandbox }: (typeof SANDBOXES)[number]): string | undefined {
  return sandbox.secret ? (file.secrets[platform] ?? file.secrets[sandbox.secret.legacyKey]) : undefined;
}

/** The secrets by platform (`completeSandbox` made sure the file has each). */
function secretsOf(file: SandboxFile): SimSecrets {
  return Object.fromEntries(SANDBOXES.flatMap((s) => (s.sandbox.secret ? [[s.platform, storedSecret(file, s)]] : [])));
}

export async function loadSandbox(dataDir: string): Promise<Sandbox> {
  await fs.mkdir(dataDir, { recursive: true });
  const sandboxFile = path.join(dataDir, 'sandbox.json');
  let created = false;
  const stored = await readOrCreate(
    sandboxFile,
    (text) => {
      const raw = JSON.parse(text) as Record<string, unknown>;
      return { raw, file: SandboxFile.parse(raw) };
    },
    () => {
      created = true;
      return JSON.stringify(newSandbox(), null, 2);
    },
  );
  const file = await completeSandbox(sandboxFile, stored.raw, stored.file);
  const controlSecret = await readOrCreate(
    path.join(dataDir, 'simulator-secret'),
    (text) => z.string().trim().min(32).parse(text),
    () => `${randomBytes(32).toString('base64url')}\n`,
  );
  const accounts = (file.accounts as (SimAccount & Record<string, unknown>)[]).map((a) => SANDBOXES.find((s) => s.platform === a.platform)?.sandbox.upgradeAccount?.(a) ?? a);
  return { secrets: secretsOf(file), verifyToken: file.verifyToken, accounts, controlSecret, created };
}

/**
 * A file written before a platform joined the sandbox has no account (nor secret) for it: they
 * are added and the file written again, so that the next start keeps the same new channel. What
 * the file already holds is written back as it was read (the other accounts and secrets, in
 * their stored shape). The new file replaces the old in one rename, never half-written.
 */
async function completeSandbox(sandboxFile: string, raw: Record<string, unknown>, file: SandboxFile): Promise<SandboxFile> {
  const missing = SANDBOXES.filter((s) => !file.accounts.some((a) => a.platform === s.platform));
  const secretless = SANDBOXES.filter((s) => s.sandbox.secret && storedSecret(file, s) === undefined);
  if (missing.length === 0 && secretless.length === 0) return file;
  const completed = {
    ...raw,
    secrets: { ...(raw.secrets as object), ...Object.fromEntries(secretless.map((s) => [s.platform, hex(16)])) },
    accounts: [...(raw.accounts as unknown[]), ...missing.map((s) => s.sandbox.newAccount())],
  };
  const text = JSON.stringify(completed, null, 2);
  const temporary = `${sandboxFile}.${process.pid}.${hex(4)}.tmp`;
  await fs.writeFile(temporary, text, { mode: 0o600, flag: 'wx' });
  await fs.rename(temporary, sandboxFile);
  return SandboxFile.parse(completed);
}

/** The file's parsed content; created first (mode 0600) when missing. A file that does not parse is an error, never replaced. */
async function readOrCreate<T>(file: string, parse: (text: string) => T, create: () => string): Promise<T> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    text = create();
    // 'wx': a second snorq starting at the same moment keeps the first one's file.
    await fs.writeFile(file, text, { mode: 0o600, flag: 'wx' }).catch(async (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
      text = await fs.readFile(file, 'utf8');
    });
  }
  try {
    return parse(text);
  } catch {
    throw new Error(`${file} is not a valid sandbox file; move it away to start a new sandbox`);
  }
}

/** The sandbox's own values of the variables it sets (an operator's value of any of them wins: start-sandbox.ts). */
export type SandboxVariables = Partial<Record<SandboxVariable, string>>;

/**
 * The environment snorq would have if these accounts were real: each platform's app ids and
 * secrets (so Settings → Channels → Connect runs the real OAuth flows against the simulator) and
 * the simulator's URLs — those of `baseUrls` that are given.
 */
export function sandboxEnv(sandbox: Sandbox, baseUrls: Partial<Record<string, string>>): SandboxVariables {
  const values: SandboxVariables = {};
  for (const { platform, sandbox: section } of SANDBOXES) {
    Object.assign(values, section.variables({ secret: sandbox.secrets[platform], verifyToken: sandbox.verifyToken }));
    for (const [variable, key] of Object.entries(section.urls)) if (baseUrls[key]) values[variable as SandboxVariable] = baseUrls[key];
  }
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as SandboxVariables;
}

/** A variable of a platform's own that an operator's value of another serves (all platforms' `fallsBackTo`). */
export const FALLS_BACK_TO: Partial<Record<string, string>> = Object.assign({}, ...SANDBOXES.map((s) => s.sandbox.fallsBackTo ?? {}));

/** The platforms the sandbox has an account and a channel on (a simulated platform may have none yet). */
export const SANDBOX_PLATFORMS = SANDBOXES.map((s) => s.platform);

/** The sandbox accounts as snorq channels. */
export function sandboxChannels(sandbox: Sandbox): ChannelSpec[] {
  return sandbox.accounts.flatMap((a) => SANDBOXES.find((s) => s.platform === a.platform)?.sandbox.channel(a) ?? []);
}
