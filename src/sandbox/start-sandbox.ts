import { hasPlatformCredentials, loadConfig, type Config } from '../config/config.ts';
import { defaultOrganizationId, provisionChannels } from '../core/channels/provision-env-channels.ts';
import { startSimulator, type Simulator } from '../simulator/index.ts';
import type { RunningSnorq } from '../start-snorq.ts';
import { loadSandbox, sandboxChannels, sandboxEnv, type Sandbox } from './sandbox-accounts.ts';
import { seedDemoConversations } from './seed-demo.ts';

/** SIMULATOR=auto runs the sandbox exactly when no platform credentials are configured. */
export function sandboxWanted(config: Config): boolean {
  return config.SIMULATOR === 'on' || (config.SIMULATOR === 'auto' && !hasPlatformCredentials(config));
}

export interface RunningSandbox {
  config: Config;
  simulator: Simulator;
  sandbox: Sandbox;
}

/**
 * Start the platform simulator and return the configuration snorq runs with against it: the
 * sandbox's app secrets and the simulator's base URLs laid over the environment. Nothing else of
 * snorq changes: the sandbox exercises the real code paths.
 */
export async function startSandbox(config: Config, env: NodeJS.ProcessEnv, log: (msg: string) => void): Promise<RunningSandbox> {
  const sandbox = await loadSandbox(config.dataDir);
  const simulator = await startSimulator({
    port: config.SIMULATOR_PORT,
    host: '127.0.0.1',
    webhookBaseUrl: `http://127.0.0.1:${config.PORT}`,
    publicWebhookBaseUrl: config.publicUrl,
    accounts: sandbox.accounts,
    secrets: sandbox.secrets,
    autoReceipts: true,
    echoes: true,
    logger: log,
  });
  return { config: loadConfig({ ...env, ...sandboxEnv(sandbox, simulator.baseUrls) }), simulator, sandbox };
}

/** Once snorq listens: its sandbox channels exist, and a first start gets demo conversations. */
export async function connectSandbox(snorq: RunningSnorq, running: RunningSandbox): Promise<{ seeded: boolean }> {
  const { db, secretBox } = snorq.ctx;
  await provisionChannels(db, secretBox, await defaultOrganizationId(db), sandboxChannels(running.sandbox), 'simulator');
  const any = await db.selectFrom('messages').select('id').limit(1).executeTakeFirst();
  if (any) return { seeded: false };
  await seedDemoConversations(running.simulator, running.sandbox);
  return { seeded: true };
}
