import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Env } from '../config/config.ts';
import type { ChannelSpec } from '../core/channel-accounts/provision-env-channels.ts';
import { SIM_PLATFORMS, type SimAccount } from '../simulator/index.ts';

/**
 * The sandbox: five simulated business accounts (one per platform) and the app secrets the
 * simulator signs their webhooks with. Generated once per DATA_DIR (sandbox.json, mode 0600), so
 * restarts keep the same channels and conversations. Beside it, `simulator-secret` (0600): the
 * bearer token of the simulator's control API, which only snorq and whoever can read DATA_DIR know.
 */
export interface Sandbox {
  secrets: z.infer<typeof SandboxFile>['secrets'];
  verifyToken: string;
  accounts: SimAccount[];
  controlSecret: string;
}

const SandboxFile = z.object({
  secrets: z.object({ metaAppSecret: z.string().min(1), instagramAppSecret: z.string().min(1), whatsappAppSecret: z.string().min(1), tiktokClientSecret: z.string().min(1) }),
  verifyToken: z.string().min(1),
  accounts: z
    .array(
      z.object({
        platform: z.enum(SIM_PLATFORMS),
        accountId: z.string().min(1),
        accessToken: z.string().min(1),
        displayName: z.string().optional(),
        twilioSender: z.string().optional(),
        wabaId: z.string().optional(),
        username: z.string().optional(),
      }),
    )
    .min(1),
});

/** The app id the simulator's Meta OAuth dialog accepts (its default `metaAppId`). */
export const SANDBOX_META_APP_ID = '1517776481860111';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');

function newSandbox(): z.infer<typeof SandboxFile> {
  return {
    secrets: { metaAppSecret: hex(16), instagramAppSecret: hex(16), whatsappAppSecret: hex(16), tiktokClientSecret: hex(16) },
    verifyToken: hex(12),
    accounts: [
      { platform: 'messenger', accountId: `1048${digits(11)}`, accessToken: `EAAsandbox${hex(24)}`, displayName: 'Snorq Coffee (Messenger)' },
      { platform: 'instagram', accountId: `178414${digits(11)}`, accessToken: `IGQsandbox${hex(24)}`, displayName: '@snorq.coffee', username: 'snorq.coffee' },
      { platform: 'whatsapp', accountId: `1065${digits(11)}`, accessToken: `EAAGsandbox${hex(24)}`, displayName: 'Snorq Coffee WhatsApp', wabaId: `1022${digits(11)}` },
      { platform: 'twilio', accountId: `AC${hex(16)}`, accessToken: hex(16), displayName: 'Snorq Coffee via Twilio', twilioSender: 'whatsapp:+14155238886' },
      { platform: 'tiktok', accountId: `sandbox-${hex(8)}`, accessToken: `act.sandbox${hex(24)}`, displayName: '@snorqcoffee (TikTok)', username: 'snorqcoffee' },
    ],
  };
}

export async function loadSandbox(dataDir: string): Promise<Sandbox> {
  await fs.mkdir(dataDir, { recursive: true });
  const accounts = await readOrCreate(
    path.join(dataDir, 'sandbox.json'),
    (text) => SandboxFile.parse(JSON.parse(text)),
    () => JSON.stringify(newSandbox(), null, 2),
  );
  const controlSecret = await readOrCreate(
    path.join(dataDir, 'simulator-secret'),
    (text) => z.string().trim().min(32).parse(text),
    () => `${randomBytes(32).toString('base64url')}\n`,
  );
  return { ...accounts, controlSecret };
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
export type SandboxVariables = Record<SandboxVariable, string>;
type SandboxVariable = {
  [K in keyof Env]-?: K extends `${'FACEBOOK' | 'INSTAGRAM' | 'WHATSAPP' | 'TIKTOK' | 'META' | 'TWILIO'}_${string}` ? (string extends Env[K] ? K : never) : never;
}[keyof Env];

/** The environment snorq would have if these accounts were real: secrets and the simulator's URLs. */
export function sandboxEnv(
  sandbox: Sandbox,
  baseUrls: { metaGraph: string; instagramGraph: string; twilio: string; tiktok: string; metaOauth: string; tiktokAuth: string; instagramOauth?: string; instagramApi?: string },
): Partial<SandboxVariables> {
  return {
    // The simulator's Meta app (its default id) and sandbox apps for Instagram Login and TikTok,
    // so Settings → Channels → Connect runs the real OAuth flows against the simulator.
    FACEBOOK_APP_ID: SANDBOX_META_APP_ID,
    WHATSAPP_APP_ID: SANDBOX_META_APP_ID,
    INSTAGRAM_APP_ID: '990000000000001',
    TIKTOK_CLIENT_KEY: 'sandbox-tiktok-app',
    ...(baseUrls.instagramOauth && { INSTAGRAM_OAUTH_URL: baseUrls.instagramOauth }),
    ...(baseUrls.instagramApi && { INSTAGRAM_API_URL: baseUrls.instagramApi }),
    FACEBOOK_APP_SECRET: sandbox.secrets.metaAppSecret,
    INSTAGRAM_APP_SECRET: sandbox.secrets.instagramAppSecret,
    WHATSAPP_APP_SECRET: sandbox.secrets.whatsappAppSecret,
    TIKTOK_CLIENT_SECRET: sandbox.secrets.tiktokClientSecret,
    FACEBOOK_VERIFY_TOKEN: sandbox.verifyToken,
    META_GRAPH_URL: baseUrls.metaGraph,
    INSTAGRAM_GRAPH_URL: baseUrls.instagramGraph,
    TWILIO_API_URL: baseUrls.twilio,
    TIKTOK_API_URL: baseUrls.tiktok,
    META_OAUTH_URL: baseUrls.metaOauth,
    TIKTOK_AUTH_URL: baseUrls.tiktokAuth,
  };
}

/** The platforms the sandbox has an account and a channel on (a simulated platform may have none yet). */
export const SANDBOX_PLATFORMS = newSandbox().accounts.map((a) => a.platform);

/** The sandbox accounts as snorq channels. */
export function sandboxChannels(sandbox: Sandbox): ChannelSpec[] {
  return sandbox.accounts.flatMap((a): ChannelSpec[] => [channelOf(a)].filter((c): c is ChannelSpec => c !== undefined));
}

function channelOf(a: SimAccount): ChannelSpec | undefined {
  const displayName = a.displayName ?? `${a.platform} sandbox`;
  switch (a.platform) {
    case 'messenger':
      return { platform: 'messenger', externalAccountId: a.accountId, displayName, credentials: { platform: 'messenger', pageAccessToken: a.accessToken } };
    case 'instagram':
      return { platform: 'instagram', externalAccountId: a.accountId, displayName, credentials: { platform: 'instagram', accessToken: a.accessToken, loginType: 'instagram' } };
    case 'whatsapp':
      return { platform: 'whatsapp', externalAccountId: a.accountId, displayName, credentials: { platform: 'whatsapp', accessToken: a.accessToken, wabaId: a.wabaId } };
    case 'twilio':
      return { platform: 'twilio', externalAccountId: `${a.accountId}:${a.twilioSender}`, displayName, credentials: { platform: 'twilio', accountSid: a.accountId, authToken: a.accessToken } };
    case 'tiktok':
      return { platform: 'tiktok', externalAccountId: a.accountId, displayName, credentials: { platform: 'tiktok', accessToken: a.accessToken } };
    default:
      return undefined;
  }
}
