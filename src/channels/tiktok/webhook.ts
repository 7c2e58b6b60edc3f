import type { ChannelWebhook } from '../channel-definition.ts';
import { configuredSecrets } from '../configured-secrets.ts';
import { MalformedWebhookError, type NormalizedEvent } from '../types.ts';
import { messageEvent } from './message-event.ts';
import { EnvelopeSchema, MessageContentSchema, ReadContentSchema, type Envelope } from './payload.ts';
import { verifyTiktokSignature } from './signature.ts';

/**
 * TikTok Business Messaging inbound (FACTS 6.1): one JSON envelope per POST, signed with snorq's
 * app secret (one secret for every connected business, pitfall 6), routed by `user_openid`.
 */
export const tiktokWebhook: ChannelWebhook = {
  receives: { reactions: false, edits: false },
  paths: ['tiktok'],
  signatureHeader: 'tiktok-signature',
  acknowledgement: { contentType: 'text/plain', body: 'EVENT_RECEIVED' },
  signedWith: 'app',
  secrets: (config) => configuredSecrets(config.TIKTOK_WEBHOOK_SECRET ?? config.TIKTOK_CLIENT_SECRET),
  verify: verifyTiktokSignature,

  normalize(rawBody: Buffer, contentType: string | undefined): NormalizedEvent[] {
    if (contentType !== undefined && !/json/i.test(contentType)) {
      throw new MalformedWebhookError(`TikTok webhooks are JSON, got ${contentType}`);
    }
    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch {
      throw new MalformedWebhookError('TikTok webhook body is not JSON');
    }
    // TikTok documents one envelope per POST; an array of envelopes is read item by item so a
    // batched delivery, should one come, can never be lost whole to one odd item (pitfall 10).
    const items = Array.isArray(body) ? body : [body];
    if (items.some((item) => typeof item !== 'object' || item === null)) {
      throw new MalformedWebhookError('TikTok webhook body is not an envelope object');
    }
    return items.map(normalizeEnvelope);
  },
};

function normalizeEnvelope(item: unknown): NormalizedEvent {
  const parsed = EnvelopeSchema.safeParse(item);
  if (!parsed.success) return { kind: 'unknown', reason: 'not a TikTok webhook envelope (event, user_openid, content)', raw: item };
  const envelope = parsed.data;
  const accountId = envelope.user_openid;
  const content = decodeContent(envelope);
  if (content === undefined) return { kind: 'unknown', accountId, reason: 'TikTok content is not a JSON object string', raw: item };
  const createTimeMs = envelope.create_time === undefined ? undefined : envelope.create_time * 1000;

  switch (envelope.event) {
    case 'im_receive_msg':
    case 'im_send_msg': {
      const message = MessageContentSchema.safeParse(content);
      if (!message.success) return { kind: 'unknown', accountId, reason: `TikTok ${envelope.event} without a message_id`, raw: item };
      const direction = envelope.event === 'im_receive_msg' ? 'inbound' : 'outbound';
      return messageEvent({ accountId, content: message.data, raw: content, direction, createTimeMs });
    }
    case 'im_mark_read_msg':
      return readEvent(accountId, content, createTimeMs, item);
    case 'im_receive_msg_eu':
      return euEvent(accountId, content, createTimeMs, item);
    default:
      return { kind: 'unknown', accountId, reason: `TikTok event "${envelope.event}" is not handled`, raw: item };
  }
}

/** `content` is a JSON string inside the JSON (FACTS 6.1): a bad one spoils its own event only. */
function decodeContent(envelope: Envelope): Record<string, unknown> | undefined {
  if (typeof envelope.content !== 'string') return envelope.content;
  try {
    const decoded: unknown = JSON.parse(envelope.content);
    return typeof decoded === 'object' && decoded !== null && !Array.isArray(decoded) ? (decoded as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The customer read everything we sent up to `last_read_timestamp` (ms): a watermark, TikTok has
 * no per-message or delivery receipts (FACTS 6.1, pitfall 13). When the reader is the business
 * itself (read in the TikTok app), it says nothing about our messages: Chatwoot skips it too.
 */
function readEvent(accountId: string, content: Record<string, unknown>, createTimeMs: number | undefined, raw: unknown): NormalizedEvent {
  const read = ReadContentSchema.safeParse(content);
  if (!read.success) return { kind: 'unknown', accountId, reason: 'TikTok read event without reader or last_read_timestamp', raw };
  if (read.data.from_user.id === accountId) {
    return { kind: 'unknown', accountId, reason: 'the business read the conversation on TikTok; no receipt for our messages', raw };
  }
  const event: NormalizedEvent = {
    kind: 'watermark',
    accountId,
    contact: { platformUserId: read.data.from_user.id },
    status: 'read',
    watermark: read.data.read.last_read_timestamp,
  };
  if (createTimeMs !== undefined) event.timestamp = createTimeMs;
  return event;
}

/**
 * Senders in the EEA, Switzerland and the UK produce `im_receive_msg_eu` without the message
 * (FACTS 6.1, pitfall 30). When the stub still names a message and its sender, the agent gets an
 * `unsupported` message ("open TikTok"); otherwise it is journalled.
 */
function euEvent(accountId: string, content: Record<string, unknown>, createTimeMs: number | undefined, raw: unknown): NormalizedEvent {
  const stub = MessageContentSchema.safeParse(content);
  if (!stub.success || !stub.data.from_user) {
    return { kind: 'unknown', accountId, reason: 'TikTok withholds messages from EEA, Swiss and UK senders (im_receive_msg_eu)', raw };
  }
  const event = messageEvent({ accountId, content: stub.data, raw: content, direction: 'inbound', createTimeMs });
  if (event.kind === 'message' && event.contentType === 'unsupported') event.metadata = { ...event.metadata, contentWithheld: true };
  return event;
}
