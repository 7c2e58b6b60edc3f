import type { LanguageModelMode } from './language-model/state.ts';
import type { StateLoad } from './state/state-file.ts';
import type { BatchPlatform, HandshakePlatform, PlatformBaseUrls, SIMULATED_PLATFORMS } from './platforms.ts';

/**
 * The simulator's public types. Other code (snorq's tests, the demo launcher) codes against these;
 * change them only additively.
 */

/** A simulated platform's name: one per line of platforms.ts (its values: SIM_PLATFORMS there). */
export type SimPlatform = (typeof SIMULATED_PLATFORMS)[number]['platform'];

export interface SimAccount {
  platform: SimPlatform;
  /** Page id / Instagram account id / WhatsApp phone_number_id / Twilio AccountSid / TikTok business id. */
  accountId: string;
  /** Page token, IG token, WhatsApp system-user token, Twilio auth token, TikTok access token. */
  accessToken: string;
  displayName?: string;
  /** The address the account sends from, where the platform names one apart from the account (Twilio's WhatsApp sender, e.g. `whatsapp:+14155238886`). */
  sender?: string;
  /** WhatsApp only: the WABA id (`entry[].id` of webhooks, owner of the message templates). */
  wabaId?: string;
  /** WhatsApp only: `metadata.display_phone_number` (digits); derived from the id when absent. */
  displayPhoneNumber?: string;
  /** Instagram (and TikTok) only: the account's username (profile lookups, history participants). */
  username?: string;
  /** Instagram only: the linked Facebook Page (Facebook Login path: `GET /{PAGE_ID}/conversations?platform=instagram`). */
  pageId?: string;
}

/** Per platform, the secret it signs with (SimulatorOptions.secrets). */
export type SimSecrets = { [P in SimPlatform]?: string };

export interface SimulatorOptions {
  /** 0 = any free port (default). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** snorq's base URL; webhooks go to `${webhookBaseUrl}/api/v1/webhooks/{facebook|instagram|whatsapp|twilio|tiktok}`. */
  webhookBaseUrl: string;
  /**
   * The URL snorq believes it is reached at (its PUBLIC_URL). Twilio signs the URL it was
   * configured with, so signatures are computed over this one while the bytes go to
   * webhookBaseUrl. Defaults to webhookBaseUrl.
   */
  publicWebhookBaseUrl?: string;
  accounts: SimAccount[];
  /**
   * The secret each platform signs its webhooks with (and checks on its token endpoints), keyed
   * by platform: for Meta's apps the app secret (`messenger`: the Facebook app, which also signs
   * for an Instagram account reached through its Page; `instagram`: the Instagram app;
   * `whatsapp`: the WhatsApp app), for TikTok the client secret. A platform that signs with
   * something else (an account's own token, or a secret snorq hands the platform when it
   * subscribes) needs none. A missing one is a SimulatorUsageError when the simulator needs it.
   */
  secrets: SimSecrets;
  /** After a successful send, emit delivered then read receipts after short delays. Default false. */
  autoReceipts?: boolean;
  /** Delay between a send and each automatic receipt, in ms. Default 150. */
  receiptDelayMs?: number;
  /**
   * Emit the echo webhooks the platforms send for the business's own API sends (Messenger
   * `message_echoes`, Instagram `is_echo`, TikTok `im_send_msg`). Default false.
   */
  echoes?: boolean;
  /** The Meta app id carried by echoes of API sends. Default '1517776481860111'. */
  metaAppId?: string;
  /** Default 'v25.0' (FACTS 1.5). Any `vNN.N` is accepted on the way in; this one is used in URLs we mint. */
  graphVersion?: string;
  /** How long a `timeout` fault holds a request before dropping the connection. Default 300 000 ms. */
  hangMs?: number;
  /**
   * The bearer token `/_sim/…` (control and inspection: recorded calls carry snorq's platform
   * tokens) demands. Default: a random one per start, read back from `Simulator.controlSecret`.
   */
  controlSecret?: string;
  /**
   * Where message ids a platform counts up per conversation itself (rather than minting them at
   * random) start in a conversation the simulator does not know yet; default 1, as on a new
   * conversation. With a `stateFile` it applies only to a state the file does not hold (a first
   * start, or a file that could not be read), and the file keeps it for that state's later
   * conversations: npm start's sandbox passes 1 for a new sandbox and, when the state was lost,
   * a value past any id an earlier run gave (snorq's database outlived the simulator's memory,
   * and takes a repeated id for a duplicate of a message it already stored).
   */
  countFrom?: number;
  /**
   * A file (its folder must exist) where the simulated platforms keep what a real platform
   * remembers between runs: conversations, customers, reply windows, message counters, media,
   * subscriptions, a bot's webhook and chats (state/state-file.ts). Read at start, written after
   * changes and at close(). Default none: everything is forgotten at close.
   */
  stateFile?: string;
  /** Where warnings an operator should read go (a state file that could not be read); default `logger`. */
  warn?: (msg: string) => void;
  logger?: (msg: string) => void;
}

// ---------------------------------------------------------------------------------------------
// Customers

/** What a customer can do on platform P: its folder's `customerKinds` (CUSTOMER_KINDS in platforms.ts). */
export type CustomerKind<P extends SimPlatform = SimPlatform> = KindsByPlatform[P];
type KindsByPlatform = { [D in (typeof SIMULATED_PLATFORMS)[number] as D['platform']]: D['customerKinds'][number] };

export type MediaKind = 'image' | 'video' | 'audio' | 'file' | 'sticker';

export interface CustomerMedia {
  type: MediaKind;
  /** Use this URL as is (Messenger/Instagram payload url). Otherwise the simulator serves bytes. */
  url?: string;
  /** Bytes to serve; generated (a tiny PNG, MP4, OGG, PDF, WEBP) when absent. */
  bytes?: Buffer | Uint8Array;
  mimeType?: string;
  filename?: string;
  caption?: string;
}

export interface CustomerIdentity {
  /** PSID, IGSID, wa_id (digits), phone for Twilio (`+E164` or `whatsapp:+E164`), TikTok user id. */
  id: string;
  name?: string;
  username?: string;
  /** E.164; defaults to `id` on WhatsApp/Twilio. */
  phone?: string;
  /** WhatsApp BSUID (`US.1349…`): sent as `from_user_id`/`user_id`; with `phone: ''` the phone is left out. */
  userId?: string;
  /** TikTok: follower conversations list as SINGLE, others as STRANGER. Default true. */
  isFollower?: boolean;
}

export interface CustomerMessage<P extends SimPlatform = SimPlatform> {
  /** The business account the customer writes to (as in SimAccount.accountId). */
  accountId: string;
  customer: CustomerIdentity;
  /** Default 'text' (or the media type when `media` is given). */
  kind?: CustomerKind<P>;
  text?: string;
  media?: CustomerMedia;
  location?: { latitude: number; longitude: number; name?: string; address?: string; url?: string };
  /** The platform id of the message replied to / reacted to / edited / unsent / read. */
  replyTo?: string;
  /** Referral data merged over a platform-shaped default (ad / m.me / CTWA / ig.me). */
  referral?: Record<string, unknown>;
  /** reaction kinds: the emoji (default ❤️ / 👍). */
  emoji?: string;
  /** Messenger/Instagram postback or quick-reply payload; WhatsApp/Twilio button payload. */
  payload?: string;
  /** WhatsApp `contacts` cards for kind 'contacts'. */
  contacts?: unknown[];
  /** WhatsApp kind 'order': merged over a two-line default cart (catalog_id, text, product_items as on the wire). */
  order?: Record<string, unknown>;
  /**
   * Messenger/Instagram 'echo': sent as a button template the business made in another app;
   * TikTok 'card': the card's reply buttons. Messenger/Instagram 'postback' with `text: ''` has no title.
   */
  buttons?: { title: string; payload?: string; url?: string }[];
  /** WhatsApp kind 'system': the customer's new number (digits); default the old one with its last digit changed. */
  newPhone?: string;
  /** Platform timestamp of the event, epoch ms. Default now. Also what the reply window counts from. */
  timestamp?: number;
  /** Force the platform message id (replay a duplicate). Minted otherwise. */
  externalId?: string;
  /** Messenger/Instagram: deliver under `entry[].standby[]` instead of `messaging[]`. */
  standby?: boolean;
  /** Read/delivery watermark, epoch ms (Messenger, TikTok). Default now. */
  watermark?: number;
  /**
   * TikTok: this delivery is a retry of one first attempted at this time (epoch ms), say before
   * an outage of snorq's; it keeps that attempt's signature timestamp `t` (webhooks/deliver.ts).
   */
  firstAttemptAt?: number;
}

export interface CustomerSendResult {
  /** snorq's HTTP status; 0 when nothing was posted (see `notDelivered`). */
  status: number;
  /** Why Meta posted nothing: the app is not subscribed to this event's webhook field for the account. */
  notDelivered?: string;
  /** snorq's response body. */
  body: string;
  /** The platform id of the message (mid, wamid, MessageSid, TikTok message_id) when there is one. */
  externalId?: string;
  /** What was posted: the JSON object (Meta, TikTok) or the form params (Twilio). */
  payload: unknown;
}

export interface RawSendOptions {
  /** Default true. */
  sign?: boolean;
  /** Use this signature header value instead of computing one. */
  signature?: string;
  /** Extra or overriding headers. */
  headers?: Record<string, string>;
  /** Path under the webhook base; default `/api/v1/webhooks/{facebook|instagram|whatsapp|twilio|tiktok}`. */
  path?: string;
  /** TikTok: sign as a retry of a delivery first attempted at this time (epoch ms): `t` is that time. */
  firstAttemptAt?: number;
}

export interface HandshakeResult {
  status: number;
  body: string;
  challenge: string;
  /** snorq answered 200 with exactly the challenge. */
  ok: boolean;
}

export interface CustomerSide {
  /** A customer does something on the platform: the platform's webhook is built, signed and posted to snorq. */
  send<P extends SimPlatform>(platform: P, message: CustomerMessage<P>): Promise<CustomerSendResult>;
  /** Post a payload as is (object → the platform's serialisation; string/Buffer → those bytes). */
  sendRaw(platform: SimPlatform, payload: unknown, options?: RawSendOptions): Promise<{ status: number; body: string }>;
  /** Meta only: several events in one POST, one `entry[]` item each (WhatsApp: one change each). */
  batch<P extends BatchPlatform>(platform: P, items: CustomerMessage<P>[]): Promise<CustomerSendResult & { externalIds: (string | undefined)[] }>;
  /** Meta's GET verification handshake against snorq's webhook. */
  handshake(platform: HandshakePlatform, verifyToken: string): Promise<HandshakeResult>;
  /** Pretend the customer's last message was at `atMs` (opens or closes the reply window). */
  setLastMessageAt(platform: SimPlatform, accountId: string, customerId: string, atMs: number): void;
  /** The platform retries a webhook it delivered before: the same bytes and headers (signature and TikTok's `t` included). */
  redeliver(webhook: DeliveredWebhook): Promise<{ status: number; body: string }>;
}

// ---------------------------------------------------------------------------------------------
// Recorded calls

export interface RecordedCall {
  seq: number;
  /** Which platform's API was called; 'cdn' for media downloads, 'unknown' when nothing matched. */
  platform: SimPlatform | 'cdn' | 'unknown';
  method: string;
  /** Path without the query string, e.g. `/graph/v25.0/123/messages`. */
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string | string[] | undefined>;
  /** JSON → object; form → params; multipart → { fields, files }; otherwise the text or undefined. */
  body: unknown;
  time: number;
  /** The answer's status once sent; undefined while a `timeout` or `slow` fault holds it. */
  status?: number;
  /** The answer's body as made (a `slow` one before it is sent); undefined for a `timeout`. */
  response?: unknown;
  /** The fault that answered this call, if any. */
  fault?: FaultKind;
}

export interface DeliveredWebhook {
  seq: number;
  platform: SimPlatform;
  url: string;
  headers: Record<string, string>;
  body: string;
  time: number;
  status?: number;
  responseBody?: string;
  error?: string;
}

export interface CallFilter {
  platform?: RecordedCall['platform'];
  method?: string;
  /** Substring or RegExp matched against the path. */
  path?: string | RegExp;
  /** Anything else about the call (Messenger's typing indicator and its messages share one path). */
  match?: (call: RecordedCall) => boolean;
}

export interface RecordedCalls {
  list(filter?: CallFilter): RecordedCall[];
  last(filter?: CallFilter): RecordedCall | undefined;
  /** Resolves with the first call (already recorded or future) matching the filter after `sinceSeq`; no deadline unless `timeoutMs`. */
  waitFor(filter: CallFilter, options?: { timeoutMs?: number; sinceSeq?: number }): Promise<RecordedCall>;
  /** Webhooks the simulator posted to snorq (customers, receipts, echoes, status callbacks). */
  webhooks(filter?: { platform?: SimPlatform }): DeliveredWebhook[];
  /** Resolves with the first webhook delivery (after `sinceSeq`) that matches and has finished; no deadline unless `timeoutMs`. */
  waitForWebhook(filter: { platform?: SimPlatform; match?: (w: DeliveredWebhook) => boolean }, options?: { timeoutMs?: number; sinceSeq?: number }): Promise<DeliveredWebhook>;
  clear(): void;
}

// ---------------------------------------------------------------------------------------------
// Faults

/**
 * `slow` arms sends only: the platform carries the send out (the message exists, its echo and
 * receipts go out) but holds its HTTP answer until `faults.release()` (or `hangMs`), as a slow
 * platform does; the receipts can then reach snorq before the send's answer.
 */
export const FAULT_KINDS = ['rate_limit', 'server_error', 'timeout', 'token_expired', 'window_closed', 'slow', 'platform_error'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
/** The faults that answer in the platform's own way (`timeout` drops the call, `slow` answers normally). */
export type AnsweringFault = Exclude<FaultKind, 'timeout' | 'slow'>;

export interface FaultSpec {
  platform: SimPlatform;
  kind: FaultKind;
  /** How many calls fail. Default 1. */
  times?: number;
  /** rate_limit: the hint given back (Retry-After, estimated_time_to_regain_access). Default 1. */
  retryAfterSeconds?: number;
  /** Let this many calls it would apply to pass first (e.g. 1: the second send is the slow one). Default 0. */
  skip?: number;
  /** platform_error (sends only): which of the platform's own refusals, by its code: one of PLATFORM_ERROR_FAULTS[platform] (each platform's `errorFaults`). */
  code?: string;
}

export interface ActiveFault extends Required<Omit<FaultSpec, 'code'>> {
  id: number;
  code?: string;
}

export interface Faults {
  set(spec: FaultSpec): ActiveFault;
  clear(platform?: SimPlatform): void;
  list(): ActiveFault[];
  /** Let every answer held by a `slow` fault go; how many were held. */
  release(): number;
}

// ---------------------------------------------------------------------------------------------

export interface LanguageModelControls {
  set(mode: LanguageModelMode, times?: number): void;
  release(): number;
  heldCount(): number;
  clear(): void;
}

export interface Simulator {
  url: string;
  /** Where each simulated host is (each platform's `baseUrls`); a platform added later brings its own keys. */
  baseUrls: PlatformBaseUrls & { [host: string]: string };
  customers: CustomerSide;
  recorded: RecordedCalls;
  faults: Faults;
  /** The OpenAI-compatible model at `<url>/v1` (language-model/): arm its behaviours, release held answers. */
  languageModel: LanguageModelControls;
  /** A message as the platform holds it: for a send, what the customer received (a template filled). */
  message(
    id: string,
  ): { text?: string; direction: 'inbound' | 'outbound'; status?: string; businessReaction?: string; attachments?: readonly { type: string; mimeType?: string; voice?: boolean }[] } | undefined;
  /** What `/_sim/…` requires as `Authorization: Bearer <controlSecret>`. */
  controlSecret: string;
  /** Forget calls, faults, conversations, windows and media; keep the accounts. */
  reset(): void;
  /** What start found in `stateFile`: `restored`, `none` (no file, or no stateFile), `unreadable` (moved aside to `movedTo`, a fresh state). */
  stateLoad: StateLoad;
  /** Stop; with a `stateFile`, its last write. */
  close(): Promise<void>;
}
