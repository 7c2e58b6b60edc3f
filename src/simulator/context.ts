import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { SimulatorUsageError } from './customers/built-event.ts';
import { OAuthStore } from './oauth/store.ts';
import type { SimulatedPlatform } from './simulated-platform.ts';
import { AccountRegistry } from './state/accounts.ts';
import { ConversationStore } from './state/conversations.ts';
import { FaultStore } from './state/faults.ts';
import { MediaStore } from './state/media.ts';
import { Recorder } from './state/recorder.ts';
import { StateFile } from './state/state-file.ts';
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
  /** Where what the platforms remember outlives a run (state-file.ts); without `stateFile`, nowhere. */
  state: StateFile;
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
  /** Something an operator should read (a state file that could not be read): `SimulatorOptions.warn`, else the logger. */
  warn(msg: string): void;
  now(): number;
}

export type ResolvedOptions = Required<Omit<SimulatorOptions, 'logger' | 'warn' | 'accounts' | 'port' | 'host' | 'secrets' | 'stateFile'>> & { secrets: SimSecrets };

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
  const warn = (msg: string): void => (options.warn ?? logger)?.(msg);
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
  const state = new StateFile(options.stateFile, warn);
  return {
    options: resolved,
    secret,
    url: '',
    accounts: new AccountRegistry(options.accounts, (account) => byName.get(account.platform)?.checkAccount?.(account)),
    conversations: new ConversationStore(mintConversationId, (name, id) => byName.get(name)?.customerKey?.(id) ?? id),
    media: new MediaStore(),
    recorder: new Recorder(),
    faults: new FaultStore((name) => byName.get(name)?.errorFaults ?? []),
    timers: new TimerSet(() => state.changed()),
    state,
    oauth: new OAuthStore(subscriptions),
    platform,
    subscriptions,
    log: (msg) => logger?.(msg),
    warn,
    now: () => Date.now(),
  };
}

/**
 * What the state file keeps (state-file.ts), registered before it is read: the shared stores,
 * Meta-style subscriptions, where this state's counters start, and each platform's own memory
 * (`SimulatedPlatform.memory`).
 */
export function keepState(ctx: SimContext, platforms: readonly SimulatedPlatform[]): void {
  ctx.state.add('conversations', ctx.conversations.section());
  ctx.state.add('media', ctx.media.section());
  ctx.state.add('subscriptions', {
    schema: z.array(z.tuple([z.string(), z.array(z.string()).nullable()])),
    save: () => [...ctx.subscriptions],
    load: (saved) => {
      ctx.subscriptions.clear();
      for (const [node, fields] of saved) ctx.subscriptions.set(node, fields);
    },
  });
  // The countFrom of the run that began this state: its new conversations count from there at every start.
  ctx.state.add('counting', {
    schema: z.object({ countFrom: z.number().int().positive() }),
    save: () => ({ countFrom: ctx.options.countFrom }),
    load: (saved) => {
      ctx.options.countFrom = saved.countFrom;
    },
  });
  for (const platform of platforms) {
    const memory = platform.memory?.(ctx);
    if (memory) ctx.state.add(`platform:${platform.platform}`, memory);
  }
}
