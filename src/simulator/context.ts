import { randomBytes } from 'node:crypto';
import { SimulatorUsageError } from './customers/built-event.ts';
import { OAuthStore } from './oauth/store.ts';
import type { SimulatedPlatform } from './simulated-platform.ts';
import { AccountRegistry } from './state/accounts.ts';
import { ConversationStore } from './state/conversations.ts';
import { FaultStore } from './state/faults.ts';
import { MediaStore } from './state/media.ts';
import { Recorder } from './state/recorder.ts';
import { TimerSet } from './state/timers.ts';
import type { SimPlatform, SimSecrets, SimulatorOptions } from './types.ts';

/** Everything the simulator's parts share: options, the platforms' memory, the recorder, the clock. */
export interface SimContext {
  options: ResolvedOptions;
  /** Set once the server listens: `http://host:port`. */
  url: string;
  accounts: AccountRegistry;
  conversations: ConversationStore;
  media: MediaStore;
  recorder: Recorder;
  faults: FaultStore;
  timers: TimerSet;
  /** What the platforms remember about authorisation (consent requests, codes, tokens, webhook registrations). */
  oauth: OAuthStore;
  /** The secret a platform signs with (SimulatorOptions.secrets); a SimulatorUsageError when none was given. */
  secret(platform: SimPlatform): string;
  /** A simulated platform (platforms.ts) by name; a SimulatorUsageError for one the simulator does not have. */
  platform(name: SimPlatform): SimulatedPlatform;
  /**
   * Meta nodes (Page id, WABA id, `ig:<id>` for an Instagram Login account) → the webhook fields
   * the app is subscribed with; null = unsubscribed; absent = the App Dashboard's default
   * (subscribed). Written by `subscribed_apps` (oauth/subscriptions.ts), read by delivery.
   */
  subscriptions: Map<string, string[] | null>;
  log(msg: string): void;
  now(): number;
}

export type ResolvedOptions = Required<Omit<SimulatorOptions, 'logger' | 'accounts' | 'port' | 'host' | 'secrets'>> & { secrets: SimSecrets };

export function createContext(options: SimulatorOptions, platforms: readonly SimulatedPlatform[]): SimContext {
  const webhookBaseUrl = options.webhookBaseUrl.replace(/\/+$/, '');
  if (options.controlSecret !== undefined && options.controlSecret.length < 16) throw new Error('simulator: controlSecret must be at least 16 characters');
  if (options.countFrom !== undefined && !(Number.isSafeInteger(options.countFrom) && options.countFrom >= 1))
    throw new Error(`simulator: countFrom must be a positive integer, not ${options.countFrom}`);
  const resolved: ResolvedOptions = {
    webhookBaseUrl,
    publicWebhookBaseUrl: (options.publicWebhookBaseUrl ?? webhookBaseUrl).replace(/\/+$/, ''),
    secrets: options.secrets,
    autoReceipts: options.autoReceipts ?? false,
    receiptDelayMs: options.receiptDelayMs ?? 150,
    echoes: options.echoes ?? false,
    metaAppId: options.metaAppId ?? '1517776481860111',
    graphVersion: options.graphVersion ?? 'v25.0',
    hangMs: options.hangMs ?? 300_000,
    controlSecret: options.controlSecret ?? randomBytes(32).toString('base64url'),
    countFrom: options.countFrom ?? 1,
  };
  const logger = options.logger;
  const byName = new Map(platforms.map((p) => [p.platform, p]));
  const platform = (name: SimPlatform): SimulatedPlatform => {
    const found = byName.get(name);
    if (!found) throw new SimulatorUsageError(`unknown platform ${String(name)}`);
    return found;
  };
  // WhatsApp and Twilio have no conversation resource; their ids are ours and never leave.
  const mintConversationId = (name: SimPlatform, accountId: string, customerId: string): string => platform(name).conversationId?.(accountId, customerId) ?? `${name}:${accountId}:${customerId}`;
  const subscriptions = new Map<string, string[] | null>();
  const secret = (name: SimPlatform): string => {
    const value = resolved.secrets[name];
    if (value === undefined) throw new SimulatorUsageError(`no secret for ${name}: pass it as startSimulator({ secrets: { ${name}: … } })`);
    return value;
  };
  return {
    options: resolved,
    secret,
    url: '',
    accounts: new AccountRegistry(options.accounts, (account) => byName.get(account.platform)?.checkAccount?.(account)),
    conversations: new ConversationStore(mintConversationId, (name, id) => byName.get(name)?.customerKey?.(id) ?? id),
    media: new MediaStore(),
    recorder: new Recorder(),
    faults: new FaultStore((name) => byName.get(name)?.errorFaults ?? []),
    timers: new TimerSet(),
    oauth: new OAuthStore(subscriptions),
    platform,
    subscriptions,
    log: (msg) => logger?.(msg),
    now: () => Date.now(),
  };
}
