import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { channelOf } from '../channels/registry.ts';
import type { Config } from '../config/config.ts';
import { defaultOrganizationId, provisionChannels } from '../core/channel-accounts/provision-env-channels.ts';
import { subscribeEnvChannels } from '../core/channel-accounts/subscribe-env-channels.ts';
import { appSigningSecrets } from '../core/channel-accounts/webhook-secrets.ts';
import type { SecretBox } from '../core/crypto/secret-box.ts';
import type { Db } from '../db/database.ts';
import { SANDBOXES, startSimulator, type SimulatorOptions, type SimulatorWithOAuth } from '../simulator/index.ts';
import { FALLS_BACK_TO, loadSandbox, sandboxChannels, sandboxEnv, type Sandbox, type SandboxVariables } from './sandbox-accounts.ts';
import { seedDemoConversations } from './seed-demo.ts';

export interface RunningSandbox {
  /** The configuration snorq runs with: the sandbox's values where the operator set none. */
  config: Config;
  simulator: SimulatorWithOAuth;
  sandbox: Sandbox;
  /** Variables the sandbox would have set but the operator had: their values were kept. */
  kept: string[];
  /** The platforms it plays, one sandbox channel each, as agents see them named (`ui.name`): for the start banner. */
  platformNames: string[];
}

/**
 * Start the platform simulator and return the configuration snorq runs with against it: the
 * sandbox's app secrets and the simulator's base URLs laid over the environment, except where the
 * operator set a value (SIMULATOR=on beside real settings): that value is kept, and the
 * simulator signs with the secret snorq will verify with. Nothing else of snorq changes: the
 * sandbox exercises the real code paths.
 */
export async function startSandbox(config: Config, log: (msg: string) => void, warn: (msg: string) => void = log): Promise<RunningSandbox> {
  const sandbox = await loadSandbox(config.dataDir);
  // Secrets first (the simulator signs with them), then its URLs once it listens.
  const withSecrets = layOver(config, sandboxEnv(sandbox, {}));
  const signing = SANDBOXES.filter((s) => s.sandbox.secret).map(({ platform }) => [platform, appSigningSecrets(withSecrets.config, platform)[0] ?? '']);
  // Options that follow snorq's configuration (the app id the consent dialog accepts: the operator's, when set).
  const following: Partial<SimulatorOptions> = Object.assign({}, ...SANDBOXES.map((s) => s.sandbox.simulatorOptions?.(withSecrets.config) ?? {}));
  const simulator = await startSimulator({
    port: config.SIMULATOR_PORT,
    host: '127.0.0.1',
    webhookBaseUrl: `http://127.0.0.1:${config.PORT}`,
    publicWebhookBaseUrl: config.publicUrl,
    accounts: sandbox.accounts,
    secrets: Object.fromEntries(signing),
    controlSecret: sandbox.controlSecret,
    ...following,
    autoReceipts: true,
    echoes: true,
    // What the platforms remember outlives a run, as a real platform's memory does: a reply to a demo customer after a restart reaches them.
    stateFile: path.join(config.dataDir, STATE_FILE),
    countFrom: sandbox.created ? 1 : countFromNow(),
    logger: log,
    warn,
  });
  const { config: laid, kept } = layOver(config, sandboxEnv(sandbox, simulator.baseUrls));
  const platformNames = SANDBOXES.map((s) => channelOf(s.platform).ui.name);
  return { config: { ...laid, ...simulatedModel(config, simulator.url) }, simulator, sandbox, kept, platformNames };
}

/** In DATA_DIR beside sandbox.json: the simulated platforms' memory (SimulatorOptions.stateFile). */
export const STATE_FILE = 'simulator-state.json';

/**
 * Where the message ids a platform counts per conversation start in a state the simulator's
 * file does not hold, when sandbox.json is older than this start (the state file was lost, could
 * not be read, or an earlier snorq kept none): the milliseconds since 2020, past any id an earlier
 * run on this DATA_DIR reached unless it counted more messages in one conversation than
 * milliseconds passed before this start. Counting from 1 would give a customer's next message
 * the id of one snorq already stored. The state file keeps the value for the conversations of
 * that state; a new sandbox counts from 1, as the platform does.
 */
function countFromNow(): number {
  return Date.now() - Date.UTC(2020, 0, 1);
}

/**
 * The simulator's OpenAI-compatible model (src/simulator/language-model) when the operator
 * configured none, so that drafts, summaries and translations can be tried in the sandbox.
 */
function simulatedModel(config: Config, simulatorUrl: string): Partial<Config> {
  if (config.AI_BASE_URL) return {};
  return { AI_BASE_URL: `${simulatorUrl}/v1`, AI_MODEL: 'snorq-simulated', AI_API_KEY: 'sandbox-key' };
}

/**
 * The sandbox's values over the configuration, never over a variable the operator set, nor over
 * a product's own variable when the operator's Facebook value already serves it. `kept`: the
 * operator's variables the sandbox would otherwise have set.
 */
function layOver(config: Config, values: SandboxVariables): { config: Config; kept: string[] } {
  const operator = new Set(config.platformVariables);
  const kept = Object.keys(values).filter((k) => operator.has(k));
  const laid = Object.fromEntries(Object.entries(values).filter(([k]) => !operator.has(k) && !operator.has(FALLS_BACK_TO[k] ?? '')));
  return { config: { ...config, ...laid }, kept };
}

/**
 * Once snorq listens: its sandbox channels exist (and are subscribed where the platform must be
 * told where to post), and a first start gets demo conversations — in
 * the first organisation, unless an operator connected a channel there (SIMULATOR=on beside a
 * real deployment): simulated accounts and customers never mix with real ones.
 */
export async function connectSandbox(db: Db, secretBox: SecretBox, running: RunningSandbox, log: FastifyBaseLogger): Promise<{ channels: boolean; seeded: boolean }> {
  const organizationId = await defaultOrganizationId(db);
  const real = await db.selectFrom('channels').select('id').where('organization_id', '=', organizationId).where('source', '!=', 'simulator').limit(1).executeTakeFirst();
  if (real) return { channels: false, seeded: false };
  await addSandboxChannels({ db, secretBox, config: running.config, log }, organizationId, running.sandbox);
  const any = await db.selectFrom('messages').select('id').where('organization_id', '=', organizationId).limit(1).executeTakeFirst();
  if (any) return { channels: true, seeded: false };
  await seedDemoConversations(running.simulator, running.sandbox);
  // The demo shows the language model at work: its customers are simulated, so their words may go to the simulated model.
  await db
    .insertInto('organization_ai_settings')
    .values({ organization_id: organizationId, enabled: true, share_message_text: true })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return { channels: true, seeded: true };
}

/**
 * The sandbox's channels in an organisation, each subscribed where its platform posts only where
 * it was told (a bot's setWebhook), by the call that subscribes such a channel from the
 * environment, at every start as for a real bot: the webhook the simulator remembers may name
 * an earlier PORT or PUBLIC_URL, and a simulator without a state file knows none. Awaited: the
 * simulator is local. Tests that wire snorq to the simulator as npm start does use it too.
 */
export async function addSandboxChannels(deps: { db: Db; secretBox: SecretBox; config: Config; log: FastifyBaseLogger }, organizationId: number, sandbox: Sandbox): Promise<void> {
  const specs = sandboxChannels(sandbox);
  await provisionChannels(deps.db, deps.secretBox, organizationId, specs, 'simulator');
  await subscribeEnvChannels(deps, organizationId, specs, 'sandbox');
}
