import type { ContentType, Platform } from '../db/schema.ts';
import type { z } from 'zod';
import type { CHANNELS } from './registry.ts';
import type { PlatformUrls } from './registry-config.ts';
import type { TemplateInput, TemplateParameters } from './template-spec.ts';
import type { InteractiveContent } from '../text/interactive-limits.ts';

export type { Platform };

/**
 * What a platform's webhook normaliser produces: plain data, no I/O, no clock, no ids of ours.
 * Every event names `accountId`, the trusted routing id of the business account it belongs to
 * (page id, Instagram account id, WhatsApp phone_number_id, Twilio `AccountSid:whatsapp:+E164`,
 * TikTok business id), because one Meta batch may carry entries for several accounts.
 * Timestamps are epoch milliseconds from the platform; absent when the platform sends none
 * (Twilio inbound), in which case ingestion uses the time the webhook was received.
 */
export interface ContactRef {
  /** PSID, IGSID, wa_id, `whatsapp:+E164`, TikTok user id. */
  platformUserId: string;
  username?: string;
  displayName?: string;
  avatarUrl?: string;
  phone?: string;
}

export interface MediaRef {
  type: 'image' | 'video' | 'audio' | 'file' | 'sticker';
  /** A URL the platform gave (CDN link, Twilio MediaUrlN); may expire. */
  url?: string;
  /** A platform media id to download through the platform's API (WhatsApp, TikTok). */
  platformMediaId?: string;
  mimeType?: string;
  filename?: string;
  caption?: string;
  sha256?: string;
  /** Seconds of a voice note, audio or video, where the platform says it in its webhook (a `duration` field). */
  durationSeconds?: number;
}

export interface LocationRef {
  latitude: number;
  longitude: number;
  name?: string;
  address?: string;
  url?: string;
}

export interface MessageEvent {
  kind: 'message';
  accountId: string;
  externalId: string;
  /** outbound = an echo of a message the business sent (from the platform's own app, or snorq). */
  direction: 'inbound' | 'outbound';
  /** The customer: the sender of an inbound message, the recipient of an echo. */
  contact: ContactRef;
  timestamp?: number;
  contentType: ContentType;
  text?: string;
  media?: MediaRef[];
  location?: LocationRef;
  /** Shared contact cards (WhatsApp `contacts`), kept as the platform sent them. */
  contacts?: unknown[];
  /** Story replies/mentions, shared posts, links: `{ type, url, ... }`. */
  share?: Record<string, unknown>;
  replyToExternalId?: string;
  /** Ad / click-to-message referral data, kept as the platform sent it. */
  referral?: Record<string, unknown>;
  /** For `unsupported` (and anything worth keeping verbatim): the item as received. */
  raw?: unknown;
  /** Extra platform facts worth keeping (e.g. Messenger `app_id` of an echo, `is_self`). */
  metadata?: Record<string, unknown>;
}

export interface StatusEvent {
  kind: 'status';
  accountId: string;
  /** The platform's id of the outbound message this status is about. */
  externalId: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  timestamp?: number;
  /** Why it failed: the class of failure (its text is translated), a sentence for API users, the platform's own code and words. */
  error?: { code: PlatformErrorCode; reason: string; detail?: string };
  contact?: ContactRef;
}

/** "Everything sent to this customer before `watermark` is delivered/read" (Messenger, TikTok). */
export interface WatermarkEvent {
  kind: 'watermark';
  accountId: string;
  contact: ContactRef;
  status: 'delivered' | 'read';
  watermark: number;
  timestamp?: number;
}

/** A customer's reaction to a message; `emoji: null` means the reaction was removed. */
export interface ReactionEvent {
  kind: 'reaction';
  accountId: string;
  contact: ContactRef;
  targetExternalId: string;
  emoji: string | null;
  timestamp?: number;
}

export interface EditEvent {
  kind: 'edit';
  accountId: string;
  contact: ContactRef;
  targetExternalId: string;
  text: string;
  /** The edit changes a media message's caption rather than its text (WhatsApp `edit` of an image). */
  caption?: boolean;
  timestamp?: number;
}

/** The customer deleted ("unsent") a message: the original is marked deleted, not duplicated. */
export interface UnsendEvent {
  kind: 'unsend';
  accountId: string;
  contact: ContactRef;
  targetExternalId: string;
  timestamp?: number;
}

/**
 * The customer's platform id changed (WhatsApp `system`: a new phone number, or a new
 * business-scoped user id). The thread continues under the new id, both identities belong to one
 * contact, and the notice is shown in the thread. Without a readable new id only the notice is kept.
 */
export interface IdentityChangeEvent {
  kind: 'identity_change';
  accountId: string;
  /** The platform's id of the notice itself (dedupes redeliveries). */
  externalId: string;
  /** The customer as known before the change. */
  contact: ContactRef;
  /** The customer's new identity, when the notice names it. */
  newContact?: ContactRef;
  /** The platform's own sentence ("User A changed from … to …"). */
  text?: string;
  /** The platform's name for the change (`user_changed_number`, `customer_changed_number`, …). */
  changeType?: string;
  timestamp?: number;
  raw: unknown;
}

/** An item that is not about a customer conversation and that snorq does not act on (kept in the journal). */
export interface UnknownEvent {
  kind: 'unknown';
  accountId?: string;
  reason: string;
  raw: unknown;
}

export type NormalizedEvent = MessageEvent | StatusEvent | WatermarkEvent | ReactionEvent | EditEvent | UnsendEvent | IdentityChangeEvent | UnknownEvent;

/** A webhook request as received: the raw bytes are what signatures are checked on. */
export interface WebhookRequest {
  rawBody: Buffer;
  headers: Record<string, string | string[] | undefined>;
  /** The URL the platform called, as it saw it: PUBLIC_URL + path + query (Twilio signs it). */
  publicUrl: string;
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/** Thrown by a normaliser when the body as a whole cannot be read (not JSON, not a form); 400. */
export class MalformedWebhookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedWebhookError';
  }
}

// ---------------------------------------------------------------------------------------------
// Outbound adapter: one per platform, in src/channels/<platform>/api.ts

/**
 * Decrypted credentials of a channel, per platform (sealed at rest in channels.credentials_enc):
 * the union of the registry's `credentials` schemas (src/channels/<platform>/credentials.ts).
 */
export type ChannelCredentials = z.output<(typeof CHANNELS)[number]['credentials']>;

/** The platform error codes of DESIGN.md, plus WINDOW_CLOSED. */
export const PLATFORM_ERROR_CODES = {
  TOKEN_EXPIRED: 2001,
  RATE_LIMITED: 2002,
  RECIPIENT_BLOCKED: 2003,
  INVALID_RECIPIENT: 2004,
  MESSAGE_TOO_LONG: 2005,
  MEDIA_UPLOAD_FAILED: 2006,
  PLATFORM_UNAVAILABLE: 2007,
  WINDOW_CLOSED: 2008,
  TEMPLATE_INVALID: 2009,
  /** snorq cannot tell whether the platform received the reply (a crash or timeout mid-call). */
  DELIVERY_UNCERTAIN: 2010,
  /** Meta refused the call's appsecret_proof: missing while the app requires it, or made with another app's secret. */
  APP_SECRET_PROOF_REFUSED: 2011,
  /** The connection lacks a permission or scope the call needs (Meta 10 without a window subcode, 200–299; TikTok 40001), or the app is not yet approved for it. */
  PERMISSION_MISSING: 2012,
  /** The business account may not send for now: a policy restriction, or terms its owner has not accepted (Meta 2/2018344, 10/1893063, 368). */
  ACCOUNT_RESTRICTED: 2013,
  /** The carrier or the platform filtered this message (Twilio 30007 "Message filtered", 63049 Meta chose not to deliver). */
  MESSAGE_FILTERED: 2014,
  /** The customer's phone could not be reached: off, out of coverage, a landline or an unreachable carrier (Twilio 30003, 30006). */
  RECIPIENT_UNREACHABLE: 2015,
  /** The platform failed to deliver and gave no reason itself (Twilio 30008 "Unknown error"); unlike UNKNOWN_PLATFORM_ERROR, snorq knows the code. */
  DELIVERY_FAILED: 2016,
  UNKNOWN_PLATFORM_ERROR: 2099,
} as const;
export type PlatformErrorCode = keyof typeof PLATFORM_ERROR_CODES;

export interface PlatformFailure {
  code: PlatformErrorCode;
  /** A sentence the agent can read ("The customer's 24-hour window has closed…"). */
  reason: string;
  /** 429/5xx/timeouts: the outbox retries with backoff. 4xx: final. */
  retryable: boolean;
  /** From Retry-After or the platform's own hint. */
  retryAfterMs?: number;
  /** The token was rejected: the channel needs reconnecting. */
  tokenInvalid?: boolean;
  /** The platform's own code/subcode, for the log and the message's metadata. */
  platformCode?: string;
  /**
   * The platform's own code and words ("131047: Re-engagement message"), kept as evidence beside
   * the class's translated text (`platformEvidence` in src/channels/http/outcome.ts makes it).
   */
  platformMessage?: string;
  /**
   * The request may have reached the platform although no answer came (a timeout after the body
   * was sent). The outbox never resends such a message blindly: it marks it uncertain for the agent.
   */
  maybeDelivered?: boolean;
}

export type SendResult =
  | {
      ok: true;
      externalId: string;
      /**
       * Ids of the other platform messages this one send made, oldest first, when the platform
       * cannot carry text and attachment in one message (Messenger, Instagram, TikTok, WhatsApp
       * audio): record them so the platform's echoes of those parts are not imported twice.
       */
      extraExternalIds?: string[];
    }
  | { ok: false; failure: PlatformFailure };

export interface OutboundMedia {
  type: 'image' | 'video' | 'audio' | 'file';
  /** A public URL snorq serves the file at (signed, expiring), for platforms that fetch by URL. */
  url: string;
  mimeType: string;
  filename?: string;
  /** Local path of the file, for platforms with an upload API (WhatsApp /media). */
  localPath?: string;
  /** Its size in bytes when known, for platforms whose limits differ by link and by upload. */
  size?: number;
}

/**
 * A template send as the outbox stores it: the parameters checked against the template's inputs
 * when it was queued, and those inputs, so the adapter builds the payload without asking again.
 * Rows queued before inputs existed carry only `variables` (the body's, in order).
 */
export interface OutboundTemplate {
  name: string;
  language: string;
  variables?: string[];
  contentSid?: string;
  parameters?: TemplateParameters;
  inputs?: TemplateInput[];
  parameterFormat?: 'POSITIONAL' | 'NAMED';
}

export interface OutboundMessage {
  /** The customer's platform id (PSID, IGSID, wa_id, whatsapp:+E164, TikTok user id). */
  recipientId: string;
  text?: string;
  media?: OutboundMedia;
  /** WhatsApp template (Cloud: name + language + components; Twilio: ContentSid + variables). */
  template?: OutboundTemplate;
  /**
   * TikTok: the conversation_id to send to (the send API addresses conversations, not users,
   * FACTS 6.3). When absent, `recipientId` is taken to be the conversation id.
   */
  conversationId?: string;
  /** Platform id of the message this replies to (WhatsApp context, Messenger reply_to). */
  replyToExternalId?: string;
  /** Messenger/Instagram: send outside 24 h with MESSAGE_TAG HUMAN_AGENT. */
  tag?: 'HUMAN_AGENT';
  /** Twilio: where to post delivery statuses. */
  statusCallbackUrl?: string;
  /**
   * Choices the customer taps, sent with `text` (which is then always present): only to platforms
   * whose definition has `api.interactive`, and already checked against those limits when queued.
   */
  interactive?: InteractiveContent;
}

/**
 * What an outbound call needs to reach a platform: the channel, its credentials, the base URLs.
 * `C` narrows the credentials to one platform's (a send adapter gets its own platform's).
 */
/** App secrets that prove a channel's calls, by host (its definition's `config.appSecrets`). */
export type AppSecrets = Partial<Record<'metaGraph' | 'instagramGraph', string>>;

export interface PlatformCallContext<C extends { platform: string } = ChannelCredentials> {
  accountId: string;
  credentials: C;
  /** From each platform's `config.urls` (src/channels/registry-config.ts); the simulator stands in by changing these only. */
  urls: PlatformUrls;
  /**
   * Meta: the secret of the app this channel's token belongs to, per Graph host, for
   * `appsecret_proof` (channels/meta/app-secret-proof.ts). Absent: no proof is sent.
   */
  appSecrets?: AppSecrets;
  /** For fetch: aborts a hung platform call. */
  timeoutMs: number;
}

export interface SendAdapter<C extends { platform: string } = ChannelCredentials> {
  platform: Platform;
  send(call: PlatformCallContext<C>, message: OutboundMessage): Promise<SendResult>;
}
