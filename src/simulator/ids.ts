import crypto from 'node:crypto';

/**
 * Ids in the shapes the platforms mint them (FACTS 2.1, 3.1, 4.1, 5.1, 6.1): opaque to snorq, but
 * realistic enough that code which assumes "digits only" or "no `+`" breaks here as it would live.
 */

const digits = (n: number): string => {
  let s = String(1 + crypto.randomInt(9));
  while (s.length < n) s += String(crypto.randomInt(10));
  return s;
};
const hex = (bytes: number): string => crypto.randomBytes(bytes).toString('hex');

/** Messenger message id: `m_` + url-safe base64. */
export const messengerMid = (): string => `m_${crypto.randomBytes(54).toString('base64url')}`;

/** Instagram message id: base64 of an `ig_message_item` key (may contain `+`, `/`). */
export const instagramMid = (igId: string): string =>
  Buffer.from(`ig_message_item:1:IGMessageThread:${igId}:${digits(39)}`)
    .toString('base64')
    .replace(/=+$/, '');

/** WhatsApp message id: `wamid.` + standard base64 (with `=` padding, sometimes `+`/`/`). */
export const wamid = (phoneDigits: string): string =>
  `wamid.${Buffer.concat([Buffer.from([0x1c, 0x18, phoneDigits.length]), Buffer.from(phoneDigits), Buffer.from([0x15, 0x02, 0x00, 0x12, 0x18, 0x14]), crypto.randomBytes(20)]).toString('base64')}`;

/** Twilio sids: two-letter prefix + 32 lowercase hex. */
export const twilioSid = (prefix: 'SM' | 'MM' | 'ME' | 'XE'): string => `${prefix}${hex(16)}`;

/** TikTok message id: 19 digits. */
export const tiktokMessageId = (): string => digits(19);
export const tiktokRequestId = (): string => `${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}${hex(12).toUpperCase()}`;

/** A stable TikTok conversation id per (business, user): standard base64, so it has `+`, `/`, `=`. */
export const tiktokConversationId = (businessId: string, userId: string): string => `0:1:${crypto.createHash('sha256').update(`${businessId}|${userId}`).digest('base64').slice(0, 30)}==`;

/** Graph numeric ids (media ids, attachment ids, conversation suffixes). */
export const graphNumericId = (): string => digits(16);

export const messengerConversationId = (): string => `t_${digits(16)}`;
export const instagramConversationId = (igId: string): string =>
  Buffer.from(`ig_conversation:1:IGMessageThread:${igId}:${digits(20)}`)
    .toString('base64')
    .replace(/=+$/, '');

export const fbtraceId = (): string => `A${crypto.randomBytes(16).toString('base64url').slice(0, 22)}`;

/** An unguessable path token for CDN URLs. */
export const cdnToken = (): string => crypto.randomBytes(18).toString('base64url');

export const uuid = (): string => crypto.randomUUID();
