import type { CodedText, CONNECT_TEXT_CODES } from '../contract/server-texts.ts';
import type { z } from 'zod';
import type { Config as AppConfig } from '../config/config.ts';
import type { Channel, MediaItem, SubscriptionState } from '../db/schema.ts';
import type { PendingConnection } from '../core/connections/pending-connections.ts';
import type { OAuthClient } from './http/oauth-client.ts';
import type { TextLimit } from '../text/text-limits.ts';
import type { InteractiveLimits } from '../text/interactive-limits.ts';
import type { PlatformMetadataSchema } from './message-metadata.ts';
import type { TemplateSummary } from './template-spec.ts';
import type { OutboundMediaRules } from './outbound-media.ts';
import type { AppSecrets, ChannelCredentials, MessageEvent, NormalizedEvent, OutboundMedia, PlatformCallContext, PlatformFailure, SendAdapter, VerifyResult, WebhookRequest } from './types.ts';

/**
 * Everything one platform brings to snorq, in one object exported by
 * `src/channels/<platform>/index.ts` and listed once in `src/channels/registry.ts`.
 *
 * `core/` never names a platform: it looks the definition up in the registry and asks its
 * sections and capabilities. Each section is kept in a file of its own inside the platform's
 * folder; `index.ts` only assembles them. The sections, in this order:
 *
 * - `ui`: what the web app shows (name, colour, icon, capabilities), served at `GET /api/v1/platforms`.
 * - `webhook`: verify, normalise, handshake, acknowledgement, the URL path segments it answers on.
 * - `api`: send, and the optional calls a platform offers (mark read, typing, profile, templates, reactions).
 * - `policy`: the reply window and the text limit, counted the platform's way.
 * - `media`: the hosts its media come from, size caps, how a media item is downloaded.
 * - `history`: reading past conversations when a channel is connected or re-synced.
 * - `connect`: authorise, complete, subscribe, check, refresh (OAuth or a token form).
 * - `credentials` and `config`: zod schemas of what is sealed in `channels.credentials_enc`
 *   (parsed when read back) and of the platform's environment variables.
 * - `messageMetadata`: the zod schema of the facts its messages keep in `messages.metadata`.
 *
 * `Id` is the platform's id as stored in the database (`channels.platform`); `Credentials` is
 * what its `credentials` schema parses (the platform's member of `ChannelCredentials`); `Config`
 * is its `config` section's exact type, from which the `Config` of src/config/config.ts takes
 * the platform's variables and `PlatformCallContext.urls` its base URLs.
 */
export interface ChannelDefinition<Id extends string = string, Credentials extends { platform: Id } = { platform: Id }, Config extends ChannelConfig = ChannelConfig> {
  id: Id;
  ui: ChannelUi;
  webhook: ChannelWebhook;
  api: ChannelApi<Credentials>;
  policy: ChannelPolicy;
  media: ChannelMedia;
  history: ChannelHistory;
  /** How an account of this platform is connected and kept connected (below). */
  connect: ChannelConnect<Credentials>;
  /**
   * The zod schema of the JSON sealed in `channels.credentials_enc` for this platform: an object
   * whose `platform` is the literal `id`, with the tokens and ids the platform's calls need.
   * Written when a channel is connected (src/core/channel-accounts/channel-credentials.ts seals it) and
   * parsed every time it is read back, so a row that no longer matches is an error for that
   * channel alone. `ChannelCredentials` (src/channels/types.ts) is the union of these schemas.
   */
  credentials: z.ZodType<Credentials>;
  /**
   * The zod schema of the facts this platform's normaliser keeps in `messages.metadata` (and any
   * key its adapters read back from there), every key optional. Core extends its own schema of
   * the platform-neutral keys with it (src/core/outbox/message-metadata.ts) and parses a
   * message's metadata where it reads it, so a stored value of the wrong shape is refused there,
   * logged, and never sent on. Its keys must not be core's own (test/unit/channels/message-metadata.test.ts).
   */
  messageMetadata: PlatformMetadataSchema;
  /** The platform's environment variables and what is derived from them (below). */
  config: Config;
}

// ---------------------------------------------------------------------------------------------
// ui

/** One shape of a platform's badge, drawn in a 24×24 box over the disc (data, not markup, so the
 *  web app renders it with React and nothing from the server is injected as HTML). */
export type IconShape =
  | { kind: 'path'; d: string; fill?: string; stroke?: string; strokeWidth?: number; transform?: string }
  | { kind: 'circle'; cx: number; cy: number; r: number; fill?: string; stroke?: string; strokeWidth?: number }
  | { kind: 'rect'; x: number; y: number; width: number; height: number; rx?: number; fill?: string; stroke?: string; strokeWidth?: number };

export interface ChannelIcon {
  /** The disc behind the glyph: one colour, or the stops of a diagonal gradient (bottom-left to top-right). */
  disc: string | { gradient: string[] };
  shapes: IconShape[];
}

export interface ChannelUi {
  /** As shown to agents: "WhatsApp (Twilio)". */
  name: string;
  /** Where room is short: "WA Twilio". */
  shortName: string;
  /** The brand colour, for badges and chart bars (#RRGGBB). */
  colour: string;
  icon: ChannelIcon;
}

// ---------------------------------------------------------------------------------------------
// webhook

/**
 * Everything snorq needs to receive one platform's webhooks at `/api/v1/webhooks/<segment>`.
 * The route (src/server/routes/webhooks.ts) runs it in this order: `paths` picks the platform,
 * `signatureHeader` must be present, `signing` gives the keys, `verify` must pass with one of them
 * (401, nothing stored, otherwise), the raw body is journaled and `normalize`d and its events
 * applied, and `acknowledgement` is the answer. `handshake` answers the GET a platform sends
 * when a webhook URL is registered. Everything here is pure except what `signing` is given.
 */
export type ChannelWebhook = WebhookReceiving & WebhookSigning;

export interface WebhookReceiving {
  /**
   * The segments of `/api/v1/webhooks/<segment>` this platform answers on, the canonical one first
   * (the one snorq registers with the platform); the others are accepted aliases. Unique across the registry.
   */
  paths: readonly string[];
  /**
   * The request header the platform puts its signature in, lower case (`x-hub-signature-256`).
   * A POST without it is refused (401) before its body is read; `verify` checks its value.
   */
  signatureHeader: string;
  /**
   * The GET verification a platform makes when its webhook URL is registered (Meta's
   * `hub.challenge`); absent when the platform has none (the GET answers 404).
   */
  handshake?: WebhookHandshake;
  /**
   * Check the signature over the exact bytes received, in constant time. `secret` is one of the
   * keys `signing` gave (each is tried; one passing is enough), or undefined when there is none:
   * then fail closed, never accept (an HMAC keyed with "" still "matches"). `nowMs` is for
   * signatures that carry a timestamp (replay window). The reason is logged, never sent back.
   */
  verify(req: WebhookRequest, secret: string | undefined, nowMs: number): VerifyResult;
  /**
   * Pure: the raw body of a verified request → events, in the body's order. Throws
   * `MalformedWebhookError` only when the body as a whole cannot be read (answered 400, journaled
   * as failed); an item it cannot read becomes an `unsupported` message or an `unknown` event, so
   * one odd item never loses the rest. Run again on replay, so it must give the same events.
   * `accountHint` is what `accountHint` read from the verified request (journaled with the body).
   */
  normalize(rawBody: Buffer, contentType: string | undefined, accountHint?: string): NormalizedEvent[];
  /** The answer once a webhook is durable (journaled, applied and committed). */
  acknowledgement: WebhookAcknowledgement;
  /**
   * What `normalize` reports besides messages and statuses, for the UI (`GET /api/v1/platforms`):
   * the customer's reactions to messages, and edits of their messages.
   */
  receives: { reactions: boolean; edits: boolean };
  /**
   * The account the request names outside its body: Twilio's `AccountSid:sender` (read to find
   * the key to verify with), or a bot's id in the URL snorq registered (for bodies that never name the account).
   * Untrusted until `verify` passed; then journaled with the body and given back to `normalize`,
   * so a replay routes as the first pass did. Required when `signedWith` is `account`.
   */
  accountHint?(req: WebhookRequest): string | undefined;
}

export interface WebhookHandshake {
  /** The verify tokens a GET may carry: each app that delivers to the URL has its own. None set: every GET is refused. */
  verifyTokens(config: AppConfig): string[];
  /** The body to answer 200 with (text/plain) when the query carries `verifyToken`, else null (403). Constant time. */
  challenge(query: Record<string, unknown>, verifyToken: string | undefined): string | null;
}

/** What the platform expects back from a delivery it made (always status 200). */
export interface WebhookAcknowledgement {
  /** The Content-Type of the answer (`text/plain`, Twilio: `text/xml`). */
  contentType: string;
  /** Its body: Meta and TikTok take anything; Twilio reads TwiML, and an empty `<Response>` sends no auto-reply. */
  body: string;
  /** A platform that reads the answer as a call of its API answers some updates otherwise (a bot API's answer to a button's tap). */
  answer?(rawBody: Buffer): { contentType: string; body: string } | undefined;
}

/** Where the keys a webhook is signed with come from. */
export type WebhookSigning =
  | {
      /** One secret of snorq's app on the platform, the same for every connected account (Meta app secret, TikTok client secret). */
      signedWith: 'app';
      /** The secrets set in the configuration, each tried (an empty list: every POST is refused). */
      secrets(config: AppConfig): string[];
    }
  | {
      /** The connected account's own secret (Twilio's auth token), read from its channel's credentials. */
      signedWith: 'account';
      /**
       * The channel (`channels.external_account_id`) whose key verifies the request; it must be
       * the account `normalize` routes the body to, so no other channel's key can vouch for it.
       * Undefined: refused.
       */
      accountHint(req: WebhookRequest): string | undefined;
      /**
       * The keys of the channel `accountHint` named, from its decrypted credentials (null when it
       * stores none) or derived from the configuration and its account id. None: refused.
       */
      secrets(account: { accountId: string; credentials: ChannelCredentials | null; config: AppConfig }): string[];
    };

// ---------------------------------------------------------------------------------------------
// api

/** A platform call's answer: a value, or the platform's refusal as a value (never a throw). */
export type ApiOutcome<T> = { ok: true; value: T } | { ok: false; failure: PlatformFailure };
export type ApiDone = { ok: true } | { ok: false; failure: PlatformFailure };

/** The customer as the platform's profile API describes them. */
export interface ContactProfile {
  displayName?: string;
  username?: string;
  avatarUrl?: string;
}

/** What a read receipt is about: the customer, and the id of their latest message (null: none yet). */
export interface ReadTarget {
  recipientId: string;
  lastInboundExternalId: string | null;
}

/** What a reaction is about: the customer, the message's platform id, and the emoji (null: remove). */
export interface ReactionTarget {
  recipientId: string;
  externalId: string;
  emoji: string | null;
}

/** A platform's approved message templates (the only way to write outside its reply window). */
export interface ChannelTemplatesApi<Credentials extends { platform: string }> {
  /**
   * Every template of the channel's account with the inputs each needs; snorq keeps the approved
   * ones. `{ ok: true, value: { templates: [], note } }` when the account cannot be asked (a
   * missing account id), with the sentence the composer shows.
   */
  list(call: PlatformCallContext<Credentials>): Promise<ApiOutcome<{ templates: TemplateSummary[]; note?: string }>>;
  /** Who lists them, for errors ("Twilio did not list the templates: …"). */
  source: string;
  /** Shown when the account has no approved template ("This WhatsApp Business Account has no approved template."). */
  noneApproved: string;
}

/**
 * Everything snorq asks of a platform's API for one channel. `send` is required; every other call
 * is optional and core asks `if (channel.api.markRead)` before using it (the UI's capabilities are
 * read off the same fields). Each call takes the channel's `PlatformCallContext` and answers a
 * value (`ApiDone`/`ApiOutcome`), never throws for a platform's refusal.
 */
export interface ChannelApi<Credentials extends { platform: string } = ChannelCredentials> extends SendAdapter<Credentials> {
  /** The attachment types `send` accepts (TikTok: images only). */
  mediaTypes: readonly OutboundMedia['type'][];
  /**
   * What `send` makes of a voice note recorded in the composer (stored as Ogg/Opus,
   * src/core/media/webm-to-ogg.ts): the platform's own voice message (`voice`: WhatsApp's
   * `audio.voice`, a bot's voice message) or an audio attachment (`audio`). Absent: the platform
   * takes no Ogg/Opus audio, and the composer's record button says why.
   */
  voiceNotes?: 'voice' | 'audio';
  /**
   * A platform that takes no Ogg gets the recording decoded to this type when it is uploaded
   * (`POST /api/v1/uploads?as=audio/wav`, src/core/media/ogg-opus-to-wav.ts). Absent: Ogg/Opus.
   */
  voiceNoteType?: 'audio/wav';
  /**
   * The platform sends to a conversation of its own, not to a user (TikTok, FACTS 6.3): its id
   * comes with the customer's messages, in their metadata under this key, and the outbox passes
   * the latest one as `OutboundMessage.conversationId`.
   */
  conversationIdKey?: string;
  /** `send` reports delivery to the URL in `OutboundMessage.statusCallbackUrl` (Twilio's StatusCallback): the outbox gives this platform's webhook URL. */
  statusCallback?: boolean;
  /** Show the customer their messages as read (WhatsApp's blue ticks of the latest message, Meta's `mark_seen`). Best effort. */
  markRead?(call: PlatformCallContext<Credentials>, target: ReadTarget): Promise<ApiDone>;
  /** The customer's name and picture, for platforms whose webhooks carry only an id (Messenger, Instagram). */
  profile?(call: PlatformCallContext<Credentials>, platformUserId: string): Promise<ApiOutcome<ContactProfile>>;
  /** Approved templates: present on platforms whose reply window offers `template`. */
  templates?: ChannelTemplatesApi<Credentials>;
  /**
   * Show the customer "typing…" for a few seconds while an agent writes (src/core/typing/). There is
   * no "stop": every platform ends it by itself when the reply arrives or after its timeout (about
   * 20–25 s), and core repeats the call while the agent keeps typing. Best effort.
   */
  typing?(call: PlatformCallContext<Credentials>, target: ReadTarget): Promise<ApiDone>;
  /**
   * React to a customer's message as the business (`emoji: null` removes the business's reaction).
   * A platform's refusal comes back as a value and is shown on the message.
   */
  react?(call: PlatformCallContext<Credentials>, target: ReactionTarget): Promise<ApiDone>;
  /** The reactions the web app offers on this platform (what it takes from a business); present with `react`. */
  reactionChoices?: readonly string[];
  /**
   * Choices the customer taps (quick replies, reply buttons, a list): which kinds `send` takes in
   * `OutboundMessage.interactive` and the platform's limits on them (src/text/interactive-limits.ts).
   * Core checks a reply against them before queueing it; absent: the composer does not offer choices.
   */
  interactive?: InteractiveLimits;
}

// ---------------------------------------------------------------------------------------------
// policy

/** What can be sent in a conversation: free text, media, a tagged message, an approved template. */
export type SendOption = 'text' | 'media' | 'human_agent_tag' | 'template';

/** What an agent may send in a conversation right now (served with every conversation). */
export interface ReplyWindow {
  /** Free text and media may be sent now (without a tag). */
  open: boolean;
  /** When the free window closes; null when it never opened, or when the platform has no window. */
  closesAt: Date | null;
  /** What can be sent now; empty when nothing can. */
  allowed: SendOption[];
  /** Until when a message tagged HUMAN_AGENT is still accepted (platforms with that tag). */
  humanAgentUntil?: Date | null;
  /** Messages the business may still send in this window (platforms that cap them). */
  remainingMessages?: number;
  /** A sentence for the agent when something is restricted. */
  reason?: string;
}

/** How long a business may answer a customer's message, and with what (FACTS.md, per platform). */
export interface ReplyWindowRule {
  /**
   * The rule in one plain sentence for people ("Free replies for 24 hours after the customer's
   * last message; after that, approved templates only."), served at `GET /api/v1/platforms`.
   */
  description: string;
  /**
   * At most this many business messages per customer message (TikTok: 10). When set, core counts
   * the replies already sent since the customer's last message and passes them to `at`.
   */
  messagesPerWindow?: number;
  /** Every option `at` may allow at some time (the UI shows the HUMAN_AGENT tag and templates by it). */
  offers: readonly SendOption[];
  /**
   * Pure: the window at `now`, from the platform time of the customer's last message (null: they
   * have not written yet) and, for capped platforms, the business messages sent since.
   */
  at(lastInboundAt: Date | null, now: Date, sentSinceLastInbound: number): ReplyWindow;
}

export interface ChannelPolicy {
  /** Absent: the platform has no reply window (the business may write at any time). */
  replyWindow?: ReplyWindowRule;
  /**
   * How long one text message may be, counted as the platform counts it (`text/text-limits.ts`
   * holds the counting). `POST /api/v1/messages` refuses longer text with 422 MESSAGE_TOO_LONG,
   * the send adapter checks the same limit, and the composer counts the same way.
   */
  textLimit: TextLimit;
}

// ---------------------------------------------------------------------------------------------
// media

/**
 * Where a platform's inbound media come from and how one item is downloaded (src/core/media). Core
 * makes every request: the first URL and every redirect hop are checked against the hosts below
 * (no SSRF), credentials go only where `credentialHosts`/`credentialUrls` allow, bytes stream to
 * the store and stop at `maxBytes`. A platform only says which request returns the bytes.
 *
 * Host entries are hostnames matched exactly over https, or `.example.com` for any subdomain.
 *
 * The three shapes a download takes, and how each is written:
 * - by URL: `plan` returns `{ request: { url: item.url } }`, with `secretHeaders` when the host
 *   wants credentials (Twilio's Basic auth; Messenger and Instagram's signed CDN links need none);
 * - by platform media id: `plan` asks the platform's API through `lookup` first (WhatsApp's media
 *   id → a 5-minute URL, TikTok's media_id → download_url) and returns the URL it answered;
 * - with a token in the path (a file lookup through `lookup`, then a file URL whose path carries
 *   the bot's token): the token travels in the URL, so the API host is in `credentialUrls` and
 *   the plan has no `secretHeaders`.
 */
export interface ChannelMedia {
  /** Built-in hosts this platform's media may be fetched from (the first URL and any redirect hop). */
  hosts: readonly string[];
  /** Of the built-in hosts, those this platform's credentials may be sent to (Twilio's API, not its CDN). */
  credentialHosts: readonly string[];
  /**
   * Names in `PlatformCallContext.urls` (`metaGraph`, `twilio`, …) of the configured base URLs media
   * and lookups may be fetched from, with credentials: matched by exact origin (scheme, host, port),
   * so the simulator works while a neighbouring port stays refused.
   */
  credentialUrls: readonly string[];
  /** The largest file kept, in bytes: a bigger one is marked failed, never half-stored. */
  maxBytes: number;
  /** What a business may send: types and caps per kind, captions, attachments per message (outbound-media.ts). */
  outbound: OutboundMediaRules;
  /** The request that returns one item's bytes, or why there is none. Never throws for a platform's answer. */
  plan(item: MediaItem, source: MediaSource, lookup: MediaLookup): Promise<MediaPlanned>;
}

/** What a plan knows of the message and channel an item belongs to. */
export interface MediaSource {
  /** channels.external_account_id: page id, IG id, WhatsApp phone_number_id, `AC…:whatsapp:+…`, TikTok business id. */
  accountId: string;
  /** The channel's credentials; null when none are stored or they could not be opened. */
  credentials: ChannelCredentials | null;
  /** The message's platform id (TikTok's download endpoint wants it). */
  externalId: string | null;
  /** The message's platform metadata as stored (TikTok's conversationId). */
  metadata: Record<string, unknown>;
  urls: PlatformCallContext['urls'];
  appSecrets?: PlatformCallContext['appSecrets'];
}

/** One HTTP request core makes for a plan; `secretHeaders` go only to the first URL's origin, and only where credentials are allowed. */
export interface MediaRequest {
  url: URL;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  secretHeaders?: Record<string, string>;
  json?: unknown;
}

/** Why a download did not work, in words an agent can read; `transient` failures are retried. */
export interface MediaFailure {
  reason: string;
  transient: boolean;
}

export interface MediaDownloadPlan {
  request: MediaRequest;
  /** What the platform said the type is, when it said so in a lookup. */
  mimeType?: string;
  /** The platform's checksum of the file, hex or base64. */
  sha256?: string;
  /** A link that lives minutes: a 401/403/404/410 on it means "look it up again", so it is retried. */
  expiring?: boolean;
}

export type MediaPlanned = { ok: true; plan: MediaDownloadPlan } | { ok: false; failure: MediaFailure };

/**
 * A small JSON answer from the platform's API (at most 64 KB), fetched by core under the same
 * host checks as the download; `what` names the platform in failures ("WhatsApp").
 */
export type MediaLookup = (request: MediaRequest, what: string) => Promise<{ ok: true; value: unknown } | { ok: false; failure: MediaFailure }>;

// ---------------------------------------------------------------------------------------------
// history

/**
 * `since` lets a platform skip what cannot have changed; `limit` caps the conversations
 * (Messenger, Instagram, TikTok) or messages (Twilio) read in one pass.
 */
export interface HistoryOptions {
  since?: Date;
  limit?: number;
}
export type HistoryResult = { ok: true; events: MessageEvent[] } | { ok: false; failure: PlatformFailure };
/** Pure HTTP, the same normalised MessageEvent the webhooks produce, a PlatformFailure value instead of a throw. */
export type FetchHistory = (call: PlatformCallContext, options: HistoryOptions) => Promise<HistoryResult>;

/**
 * Reading past conversations (src/core/sync: when a channel is connected, re-synced, and on the
 * sync schedule): `fetch` when the platform has a history API, or `none` with the reason shown to
 * agents when it has not (required, so a new platform says which).
 */
export type ChannelHistory = { fetch: FetchHistory } | { none: string };

// ---------------------------------------------------------------------------------------------
// config

/**
 * A platform's environment variables. src/config/config.ts merges every definition's `env` into
 * the one schema it parses the environment with, so a platform's variables are declared here and
 * nowhere in src/config. Platforms that share a variable (Meta's app, Graph host) share its schema
 * (src/channels/meta/config.ts); the same name declared twice must be the same schema.
 */
export interface ChannelConfig<Shape extends z.ZodRawShape = z.ZodRawShape, Urls extends Record<string, string> = Record<string, string>> {
  /** zod shape of the variables (src/config/env-values.ts has the usual kinds: an empty value is unset). */
  env: Shape;
  /** The variables whose values are secrets: never logged (pino redaction), never echoed in an error. */
  secrets: readonly (keyof Shape & string)[];
  /**
   * Name prefixes (`FACEBOOK_`) of variables that show a real deployment of this platform, known to
   * `env` or misspelt: any of them set keeps the bundled simulator from taking over (src/sandbox).
   */
  prefixes: readonly string[];
  /**
   * The channel the environment may provision (src/core/channel-accounts/provision-env-channels.ts):
   * `keys` are all-or-nothing (half a channel is a typo, not a choice), and one of `signing` must
   * be set too, or its webhooks could not be verified. `spec` builds the channel once all `keys`
   * are set. Absent: the platform is connected from Settings → Channels only.
   */
  envChannel?: {
    keys: readonly (keyof Shape & string)[];
    signing: readonly (keyof Shape & string)[];
    spec(env: z.output<z.ZodObject<Shape>>): EnvChannelSpec | null;
    /**
     * Point the platform's webhooks at snorq (the definition's `connect.subscribe`) each time the
     * channel is provisioned at start, once snorq listens: a bot token alone does not tell the
     * platform where updates go. Absent: the subscription is the operator's to make.
     */
    subscribeAtStart?: boolean;
  };
  /**
   * Base URLs of the platform's hosts (and API version) for outbound calls, by a name its code
   * reads from `PlatformCallContext.urls` / the connect client; from its variables, so the
   * simulator stands in by changing those only.
   */
  urls(env: z.output<z.ZodObject<Shape>>): Urls;
  /**
   * The app secrets that prove a channel's calls, per host (Meta's `appsecret_proof`): which app
   * a channel's token belongs to follows from its credentials. Absent: the platform has none.
   * Core gives the result to every call as `PlatformCallContext.appSecrets`.
   */
  appSecrets?(env: z.output<z.ZodObject<Shape>>, credentials: { platform: string; loginType?: string }): AppSecrets | undefined;
}

/** A channel described by the environment: its routing id, a display name and its credentials (sealed by the provisioner). */
export interface EnvChannelSpec {
  externalAccountId: string;
  displayName: string;
  credentials: { platform: string };
}

// ---------------------------------------------------------------------------------------------
// connect

/**
 * Connecting an account and keeping it connected. Every member is optional: core asks the
 * definition and does without what a platform does not offer (src/core/connections/).
 * - `oauth`: connecting through the platform's consent page — `authorizeUrl` sends the admin
 *   there (with a signed `state`, src/core/connections/oauth-state.ts), `complete` takes the code the
 *   platform sends back to `/api/v1/platforms/callback/<id>`, exchanges it, lists the accounts
 *   and saves them through the context (or keeps them for the admin to `choose` on snorq's picker,
 *   then `chosen`).
 * - `form`: connecting by fields the admin types in (Twilio's Account SID and Auth Token, a
 *   bot's token), rendered by snorq at `/api/v1/platforms/connect/<id>` and posted back
 *   there (also as JSON); `submit` proves them with the platform before anything is stored.
 * - `refresh`: renewing a token that expires, under the channel's lock (the refresher decides when
 *   by `policy`, `renew` calls the platform; a refusal marks the channel `needs_reconnect`).
 * - `subscribe` / `check` / `unsubscribe`: the platform's webhook subscription for one channel,
 *   made so when the channel is connected, read back periodically for channel health (FACTS
 *   pitfall 8: Meta silently unsubscribes) and undone at disconnect where the platform allows it.
 *   A platform connected by a token form (a bot: prove the token, then set its webhook URL) points
 *   its webhook in `subscribe` and reads it back in `check` like any other.
 */
export interface ChannelConnect<Credentials extends { platform: string } = { platform: string }> {
  /** The account a channel of this platform is, as typed in or handed over by a connect flow (below). */
  account: ChannelAccount<Credentials>;
  oauth?: ChannelOAuth;
  form?: ChannelConnectForm;
  /**
   * Prove that credentials an admin typed in (`POST /api/v1/channels`) may act for the account
   * they claim, with the cheapest platform read that needs exactly that right; nothing is stored
   * unless it passes. Absent: that platform's credentials cannot be typed in.
   */
  verify?(client: OAuthClient, input: { externalAccountId: string; credentials: Omit<Credentials, 'platform'> }): Promise<{ ok: true } | { ok: false; failure: PlatformFailure }>;
  /** What the admin types in for `verify` (Settings → Channels, "Add by credentials"), served by `GET /api/v1/platforms`. Absent: not offered. */
  credentialsForm?: CredentialsForm;
  /** Renewing the channel's access token before it lapses (src/core/connections/token-refresher.ts). Absent: its tokens do not expire or cannot be renewed. */
  refresh?: ChannelTokenRefresh<Credentials>;
  /** Make the platform send this channel's webhooks to snorq (at connect). Absent: nothing to subscribe. */
  subscribe?(ctx: SubscriptionContext, channel: ConnectedChannel, credentials: Credentials): Promise<SubscriptionOutcome>;
  /** Read back whether it still does (never assumed); may repair what it safely can. Absent: not checked. */
  check?(ctx: SubscriptionContext, channel: ConnectedChannel, credentials: Credentials): Promise<SubscriptionOutcome>;
  /** At disconnect, while the tokens still exist: remove the subscription unless something of snorq's still needs it. */
  unsubscribe?(ctx: SubscriptionContext, channel: ConnectedChannel, credentials: Credentials): Promise<UnsubscribeOutcome>;
}

/**
 * One account of the platform as snorq stores it: what `ctx.save` is given by a connect flow, and
 * what an admin types in (`POST /api/v1/channels`, the fields of `credentialsForm`) on platforms
 * with `verify`. Both are parsed with these schemas (src/core/channel-accounts/connect-channel.ts
 * derives its input from the registry).
 */
export interface ChannelAccount<Credentials extends { platform: string } = { platform: string }> {
  /** What one account is called in sentences to admins: "Facebook Page". */
  name: string;
  /** The account's id as typed or handed over (a Page id is digits), with the message a bad one gets. */
  id: z.ZodType<string>;
  /** The credentials as typed or handed over (without `platform`), defaults applied; `credentialsForm` names their fields. */
  credentials: z.ZodType<Omit<Credentials, 'platform'>, unknown>;
  /** The id its channel routes webhooks by (`channels.external_account_id`), when it is not the id typed in. */
  routingId?(id: string, credentials: Omit<Credentials, 'platform'>): string;
}

/** A channel as the connect members see it. */
export type ConnectedChannel = Pick<Channel, 'id' | 'platform' | 'external_account_id'>;

/** What the connect members get from core: configuration, the client for platform calls, and the other channels. */
export interface SubscriptionContext {
  config: AppConfig;
  /** Every platform's base URLs and the call timeout (the connect flows' client). */
  client: OAuthClient;
  /** `${PUBLIC_URL}/api/v1/webhooks/<segment>` of this platform (its canonical webhook path). */
  webhookUrl: string;
  /** The other channels that are not disconnected, with readable credentials: a Page or a WABA shared by several stays subscribed while one uses it. */
  otherChannels(): Promise<{ channel: ConnectedChannel; credentials: ChannelCredentials }[]>;
}

/** Whether the platform sends a channel's webhooks to snorq. */
export interface SubscriptionOutcome {
  state: SubscriptionState;
  detail: string | null;
  /** The platform refused the call; `tokenInvalid` means the channel needs reconnecting. */
  failure?: PlatformFailure;
}

/** What became of the platform's webhook subscription when a channel was disconnected. */
export type UnsubscribeOutcome = 'removed' | 'kept' | 'not_supported' | 'failed';

/** Connecting through the platform's consent page (OAuth 2 authorisation code). */
export interface ChannelOAuth {
  /** The variant of the flow to run when the platform has several (Instagram: `instagram` login or through a `facebook` Page), from `?via=`. */
  via?(config: AppConfig, asked: string | undefined): string;
  /** Why the flow cannot start, in the words of the variables to set; null when it can. */
  missing(config: AppConfig, via: string | undefined): string | null;
  /** The consent page, carrying `state` and `redirectUri`; null when the app is not configured. */
  authorizeUrl(config: AppConfig, flow: { state: string; redirectUri: string; via: string | undefined }): string | null;
  /** The callback's code: exchange it, list the accounts, save them (`ctx.save`, `ctx.subscribe`) or keep them to choose from (`ctx.choose`). */
  complete(ctx: ConnectContext, code: string, via: string | undefined): Promise<ConnectResult>;
  /** The admin's choice from the picker (`ctx.choose` kept the accounts): connect those. */
  chosen?(ctx: ConnectContext, pending: PendingConnection, chosenIds: string[]): Promise<ConnectResult>;
}

/** Connecting by a form of fields the admin types in. */
export interface ChannelConnectForm {
  /** The page's heading: "Connect WhatsApp through Twilio". */
  title: string;
  fields: ConnectFormField[];
  /**
   * The fields' values as zod parses them. On a platform without `verify`, `POST /api/v1/channels`
   * takes `{ platform, credentials: <these values> }` and runs `submit` (the form proves them).
   */
  values: z.ZodType<Record<string, string | undefined>, unknown>;
  /** Prove the values with the platform, then save and subscribe; a refusal stores nothing and says why. */
  submit(ctx: ConnectContext, values: Record<string, string | undefined>): Promise<ConnectResult>;
}

type ConnectTextCode = (typeof CONNECT_TEXT_CODES)[number];

export interface ConnectFormField {
  /** The form field's name, and the key of `values`. */
  name: string;
  label: string;
  /** A hint after the label: "(starts with AC)". */
  hint?: string;
  /** The label and hint as codes the web app translates (src/contract/server-texts.ts); none for the platform's own terms. */
  labelText?: CodedText<ConnectTextCode>;
  hintText?: CodedText<ConnectTextCode>;
  /** A secret is typed into a password field and never echoed back when the form is shown again. */
  secret?: boolean;
  optional?: boolean;
  /** The values allowed, offered as a choice (the first is the default). */
  choices?: readonly string[];
}

/**
 * The fields of `POST /api/v1/channels` for one platform: what its account id is called, and each
 * key of its `credentials` (the names its credentials schema parses).
 */
export interface CredentialsForm {
  account: { label: string; hint?: string; labelText?: CodedText<ConnectTextCode>; hintText?: CodedText<ConnectTextCode> };
  fields: readonly ConnectFormField[];
}

/** What a connect flow gets from core for one admin's connection. */
export interface ConnectContext {
  config: AppConfig;
  /** Every platform's base URLs and the call timeout. */
  client: OAuthClient;
  /** `${PUBLIC_URL}/api/v1/platforms/callback/<id>`, what the platform's app lists as a redirect URI. */
  redirectUri: string;
  /**
   * Store one account the platform handed over (`{ platform, externalAccountId, displayName,
   * credentials }`, parsed like an admin's input; sealed; one organisation per account; audited).
   */
  save(account: unknown, tokenExpiresAt: Date | null): Promise<SavedAccount>;
  /** Subscribe a saved channel to its webhooks (the definition's `subscribe`) and record the outcome; `known` reuses one already had for a shared Page or WABA. */
  subscribe(saved: { id: number }, channel: { platform: string; external_account_id: string }, credentials: ChannelCredentials, known?: SubscriptionOutcome): Promise<SubscriptionOutcome>;
  /** Keep accounts for the admin to choose from on snorq's picker page (sealed, this session's, 15 minutes). */
  choose(pending: PendingConnection): Promise<ConnectResult>;
}

export type SavedAccount = { ok: true; id: number; name: string } | { ok: false; message: string };

/** How a connect flow ended, for the route to turn into a redirect, a page or JSON. */
export type ConnectResult =
  { kind: 'connected'; platform: string; channels: { id: number; name: string }[]; warnings: string[] } | { kind: 'choose'; pendingId: string } | { kind: 'failed'; platform: string; message: string };

/** How a platform's tokens are renewed. */
export interface ChannelTokenRefresh<Credentials extends { platform: string } = { platform: string }> {
  /** Pure: is this channel's token refreshable, and is it time? */
  policy(channel: Pick<Channel, 'token_expires_at' | 'token_refreshed_at' | 'updated_at'>, credentials: Credentials, now: Date): RefreshPolicy;
  /** Call the platform: the new credentials (sealed in place of the old) and the new expiry. */
  renew(
    ctx: { config: AppConfig; client: OAuthClient },
    credentials: Credentials,
    now: Date,
  ): Promise<{ ok: true; value: { credentials: Credentials; expiresAt: Date | null } } | { ok: false; failure: PlatformFailure }>;
  /** The refresher looks only at connected channels whose token expires within this many ms; absent: at every connected channel of the platform. */
  lookAheadMs?: number;
  /** A channel marked needs_reconnect by a refused access token may be recovered by a refresh (its refresh token may still be good). */
  recovers?: boolean;
}

export type RefreshPolicy = { refreshable: false } | { refreshable: true; due: boolean };
