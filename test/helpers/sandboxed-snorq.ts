import { createUser } from '../../src/core/accounts/users.ts';
import { loadSandbox, sandboxEnv, type Sandbox } from '../../src/sandbox/sandbox-accounts.ts';
import { addSandboxChannels } from '../../src/sandbox/start-sandbox.ts';
import { startSimulator, type Simulator } from '../../src/simulator/index.ts';
import type { RunningSnorq } from '../../src/start-snorq.ts';
import { freePort } from '../../src/db/free-port.ts';
import { createTestDatabase } from './test-database.ts';
import { startTestSnorq } from './test-snorq.ts';

export interface SandboxedSnorq {
  snorq: RunningSnorq;
  simulator: Simulator;
  sandbox: Sandbox;
  organizationId: number;
  token: string;
  account(platform: Sandbox['accounts'][number]['platform']): Sandbox['accounts'][number];
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

/**
 * A whole snorq on a real port, wired to the platform simulator exactly as `npm start`'s sandbox
 * is (same accounts, secrets and base URLs), with one signed-in admin.
 */
export async function startSandboxedSnorq(
  options: { autoReceipts?: boolean; echoes?: boolean; hangMs?: number; env?: Record<string, string> | ((simulator: Simulator) => Record<string, string>) } = {},
): Promise<SandboxedSnorq> {
  const database = await createTestDatabase();
  const port = await freePort();
  const sandbox = await loadSandbox(`.test-data/sandbox-${database.name}`);
  const simulator = await startSimulator({
    port: 0,
    webhookBaseUrl: `http://127.0.0.1:${port}`,
    publicWebhookBaseUrl: `http://127.0.0.1:${port}`,
    accounts: sandbox.accounts,
    secrets: sandbox.secrets,
    autoReceipts: options.autoReceipts ?? true,
    receiptDelayMs: 20,
    echoes: options.echoes ?? false,
    hangMs: options.hangMs ?? 2000,
    controlSecret: sandbox.controlSecret,
  });
  const snorq = await startTestSnorq(database.url, {
    ...sandboxEnv(sandbox, simulator.baseUrls),
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...(typeof options.env === 'function' ? options.env(simulator) : options.env),
  });
  const org = await database.db.insertInto('organizations').values({ name: 'Sandbox' }).returning('id').executeTakeFirstOrThrow();
  await createUser(database.db, { organizationId: org.id, email: 'agent@sandbox.test', name: 'Agent', role: 'admin', password: 'sandbox password 1' });
  await addSandboxChannels({ db: database.db, secretBox: snorq.ctx.secretBox, config: snorq.ctx.config, log: snorq.app.log }, org.id, sandbox);
  const login = await fetch(`${snorq.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'agent@sandbox.test', password: 'sandbox password 1' }),
  });
  const { token } = (await login.json()) as { token: string };
  return {
    snorq,
    simulator,
    sandbox,
    organizationId: org.id,
    token,
    account: (p) => sandbox.accounts.find((a) => a.platform === p)!,
    api: (path, init = {}) =>
      fetch(`${snorq.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...(init.json !== undefined && { 'content-type': 'application/json' }), ...init.headers },
        ...(init.json !== undefined && { body: JSON.stringify(init.json), method: init.method ?? 'POST' }),
      }),
    async close() {
      await snorq.stop();
      await simulator.close();
      await database.drop();
    },
  };
}

// Kept here as well: most sandboxed tests import it beside startSandboxedSnorq.
export { eventually } from './eventually.ts';
