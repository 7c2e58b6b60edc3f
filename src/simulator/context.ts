import { randomBytes } from 'node:crypto';
import { instagramConversationId, messengerConversationId, tiktokConversationId } from './ids.ts';
import { AccountRegistry } from './state/accounts.ts';
import { ConversationStore } from './state/conversations.ts';
import { FaultStore } from './state/faults.ts';
import { MediaStore } from './state/media.ts';
import { Recorder } from './state/recorder.ts';
import { TimerSet } from './state/timers.ts';
import type { MetaApp, SimPlatform, SimulatorOptions } from './types.ts';

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
  /**
   * Meta nodes (Page id, WABA id, `ig:<id>` for an Instagram Login account) → the webhook fields
   * the app is subscribed with; null = unsubscribed; absent = the App Dashboard's default
   * (subscribed). Written by `subscribed_apps` (oauth/subscriptions.ts), read by delivery.
   */
  subscriptions: Map<string, string[] | null>;
  /** The apps whose "Require App Secret" setting is on (graph/app-secret-proof.ts). */
  requireAppSecret: Set<MetaApp>;
  log(msg: string): void;
  now(): number;
}

export type ResolvedOptions = Required<Omit<SimulatorOptions, 'logger' | 'accounts' | 'port' | 'host'>>;

export function createContext(options: SimulatorOptions): SimContext {
  const webhookBaseUrl = options.webhookBaseUrl.replace(/\/+$/, '');
  if (options.controlSecret !== undefined && options.controlSecret.length < 16) throw new Error('simulator: controlSecret must be at least 16 characters');
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
  };
  const logger = options.logger;
  return {
    options: resolved,
    url: '',
    accounts: new AccountRegistry(options.accounts),
    conversations: new ConversationStore(mintConversationId),
    media: new MediaStore(),
    recorder: new Recorder(),
    faults: new FaultStore(),
    timers: new TimerSet(),
    subscriptions: new Map(),
    requireAppSecret: new Set(),
    log: (msg) => logger?.(msg),
    now: () => Date.now(),
  };
}

function mintConversationId(platform: SimPlatform, accountId: string, customerId: string): string {
  switch (platform) {
    case 'messenger':
      return messengerConversationId();
    case 'instagram':
      return instagramConversationId(accountId);
    case 'tiktok':
      return tiktokConversationId(accountId, customerId);
    default:
      // WhatsApp and Twilio have no conversation resource; the id is ours and never leaves.
      return `${platform}:${accountId}:${customerId}`;
  }
}

/** Where each platform's webhooks land in snorq (DESIGN.md contract). */
export const WEBHOOK_PATHS: Record<SimPlatform, string> = {
  messenger: '/api/v1/webhooks/facebook',
  instagram: '/api/v1/webhooks/instagram',
  whatsapp: '/api/v1/webhooks/whatsapp',
  twilio: '/api/v1/webhooks/twilio',
  tiktok: '/api/v1/webhooks/tiktok',
};
