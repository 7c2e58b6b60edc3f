import { graphNumericId } from '../ids.ts';
import { instagramAudioRefusal } from '../instagram/attachment-fetch.ts';
import { instagramMid } from '../instagram/ids.ts';
import { messengerMid } from '../messenger/ids.ts';
import type { SimAttachment } from '../state/conversations.ts';
import type { SimAccount } from '../types.ts';
import { fail, ok, type GraphCall } from './graph/call.ts';
import { graphErrors, windowClosed, type GraphErrorSpec } from './graph/errors.ts';
import { afterMessagingSend } from './messaging-receipts.ts';
import { senderAction } from './sender-actions.ts';

/**
 * The Send API for Messenger (`/{PAGE_ID}/messages`, `/me/messages`, FACTS 2.3) and Instagram
 * (same on graph.facebook.com, or `/{IG_ID}/messages` on graph.instagram.com, FACTS 3.3): body
 * checks, the 24 h / 7 d (HUMAN_AGENT) window from the customer's last message; sender actions in sender-actions.ts.
 */

const DAY_MS = 24 * 3600 * 1000;
const MESSAGING_TYPES = ['RESPONSE', 'UPDATE', 'MESSAGE_TAG', 'UTILITY'];
const DEAD_TAGS = ['CONFIRMED_EVENT_UPDATE', 'ACCOUNT_UPDATE', 'POST_PURCHASE_UPDATE'];
const ATTACHMENT_TYPES = { messenger: ['image', 'audio', 'video', 'file', 'template'], instagram: ['image', 'video', 'audio', 'file', 'MEDIA_SHARE', 'like_heart'] };

const param = graphErrors.param;
const asRecord = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
const asId = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : undefined);

export async function sendMessaging(call: GraphCall, account: SimAccount): Promise<unknown> {
  const { ctx, params } = call;
  const platform = account.platform === 'instagram' ? 'instagram' : 'messenger';
  const recipient = asRecord(params.recipient);
  if (!recipient) return fail(call, param('The parameter recipient is required'));
  const recipientId = asId(recipient.id);
  if (!recipientId) return fail(call, param('Param recipient[id] must be a valid ID string (e.g. "123")'));
  if (params.sender_action !== undefined && params.message !== undefined) return fail(call, param('Only one of sender_action and message may be specified'));
  const conv = ctx.conversations.get(platform, account.accountId, recipientId);
  if (!conv || conv.lastCustomerMessageAt === undefined) return fail(call, { code: 100, subcode: 2018001, message: '(#100) No matching user found' });

  if (params.sender_action !== undefined) return senderAction(call, account, platform, conv, recipientId);

  const message = asRecord(params.message);
  if (!message) return fail(call, param('The parameter message is required'));
  const messagingType = params.messaging_type === undefined ? 'RESPONSE' : String(params.messaging_type);
  const allowedTypes = platform === 'messenger' ? MESSAGING_TYPES : MESSAGING_TYPES.slice(0, 3);
  if (!allowedTypes.includes(messagingType)) return fail(call, param(`Param messaging_type must be one of {${allowedTypes.join(', ')}}`));
  const tag = params.tag === undefined ? undefined : String(params.tag);
  if (messagingType === 'MESSAGE_TAG' && tag === undefined) return fail(call, param('The parameter tag is required when messaging_type is MESSAGE_TAG'));
  if (tag !== undefined && DEAD_TAGS.includes(tag)) return fail(call, param(`Message tag ${tag} is no longer supported. Please use the HUMAN_AGENT tag or utility messages.`));
  if (tag !== undefined && tag !== 'HUMAN_AGENT') return fail(call, param('Param tag must be one of {HUMAN_AGENT}'));

  const content = readContent(platform, message);
  if ('error' in content) return fail(call, content.error);
  const refused = platform === 'instagram' ? await audioRefusal(content.attachments) : undefined;
  if (refused) return fail(call, refused);

  const humanAgent = messagingType === 'MESSAGE_TAG' && tag === 'HUMAN_AGENT';
  const age = ctx.now() - conv.lastCustomerMessageAt;
  if (messagingType !== 'UTILITY' && age > (humanAgent ? 7 * DAY_MS : DAY_MS)) return fail(call, windowClosed(account));

  const mid = platform === 'messenger' ? messengerMid() : instagramMid(account.accountId);
  const metadata = typeof message.metadata === 'string' ? message.metadata : undefined;
  ctx.conversations.add(conv, {
    id: mid,
    platform,
    accountId: account.accountId,
    customerId: recipientId,
    direction: 'outbound',
    timestamp: ctx.now(),
    text: content.text,
    attachments: content.attachments,
    data: { messagingType, tag, metadata, ...(content.quickReplies && { quickReplies: content.quickReplies }) },
  });
  afterMessagingSend(ctx, account, recipientId, mid, content.echo, metadata);
  const response: Record<string, unknown> = { recipient_id: recipientId, message_id: mid };
  if (content.reusable) response.attachment_id = graphNumericId();
  return ok(call, response);
}

/** Instagram fetches each audio attachment and refuses what it cannot play (attachment-fetch.ts). */
async function audioRefusal(attachments: SimAttachment[] | undefined): Promise<GraphErrorSpec | undefined> {
  for (const a of attachments ?? []) {
    const refused = a.type === 'audio' && a.url ? await instagramAudioRefusal(a.url) : undefined;
    if (refused) return refused;
  }
  return undefined;
}

type QuickReply = { contentType: string; title?: string; payload?: string };
type Content = { text?: string; attachments?: SimAttachment[]; echo: Record<string, unknown>; reusable: boolean; quickReplies?: QuickReply[] } | { error: GraphErrorSpec };

/**
 * `message.quick_replies` (FACTS 2.3, 3.3; Meta's "Quick replies" page): 1 to 13, `content_type`
 * text (a title and a payload of at most 1000 characters), `user_phone_number` or `user_email`.
 * A title longer than 20 characters is cut by Meta, not refused: the customer sees 20.
 */
function checkQuickReplies(value: unknown): { choices: QuickReply[] } | { error: GraphErrorSpec } | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) return { error: param('Param message[quick_replies] must be a non-empty array') };
  if (value.length > 13) return { error: param('param message[quick_replies] must have at most 13 items') };
  const choices: QuickReply[] = [];
  for (const [i, qr] of value.map(asRecord).entries()) {
    const type = String(qr?.content_type ?? 'text');
    if (!['text', 'user_phone_number', 'user_email'].includes(type)) return { error: param(`Param message[quick_replies][${i}][content_type] must be one of {TEXT, USER_PHONE_NUMBER, USER_EMAIL}`) };
    if (type !== 'text') {
      choices.push({ contentType: type });
      continue;
    }
    if (typeof qr?.title !== 'string' || qr.title === '') return { error: param(`Param message[quick_replies][${i}][title] must be a non-empty string`) };
    if (typeof qr.payload !== 'string' && typeof qr.payload !== 'number') return { error: param(`The parameter message[quick_replies][${i}][payload] is required`) };
    const payload = String(qr.payload);
    if (payload.length > 1000) return { error: param(`Length of param message[quick_replies][${i}][payload] must be less than or equal to 1000`) };
    choices.push({ contentType: type, title: Array.from(qr.title).slice(0, 20).join(''), payload });
  }
  return { choices };
}

function readContent(platform: 'messenger' | 'instagram', message: Record<string, unknown>): Content {
  const text = typeof message.text === 'string' ? message.text : undefined;
  const single = asRecord(message.attachment);
  const many = Array.isArray(message.attachments) ? message.attachments.map(asRecord) : undefined;
  if (text === undefined && !single && !many) return { error: param('Param message must contain text or attachment') };
  if (text !== undefined && (single || many)) return { error: param('Only one of text and attachment may be specified') };
  if (text !== undefined) {
    if (text.length === 0) return { error: param('Param message[text] must be non-empty.') };
    if (platform === 'messenger' && Array.from(text).length > 2000) return { error: param('Length of param message[text] must be less than or equal to 2000') };
    // Instagram counts UTF-8 bytes (FACTS 3.3).
    if (platform === 'instagram' && Buffer.byteLength(text, 'utf8') > 1000) return { error: param('Length of param message[text] must be less than or equal to 1000') };
  }
  if (typeof message.metadata === 'string' && message.metadata.length > 1000) return { error: param('Length of param message[metadata] must be less than or equal to 1000') };
  const quickReplies = checkQuickReplies(message.quick_replies);
  if (quickReplies && 'error' in quickReplies) return quickReplies;
  if (quickReplies && platform === 'instagram' && text === undefined) return { error: param('Quick replies are only supported with text messages on Instagram') };
  if (text !== undefined) return { text, echo: { text }, reusable: false, quickReplies: quickReplies?.choices };

  if (many && platform === 'messenger') return { error: param('Param message[attachments] is not supported; use message[attachment]') };
  if (many && many.length > 10) return { error: param('Param message[attachments] must have at most 10 items') };
  const attachments: SimAttachment[] = [];
  let reusable = false;
  for (const att of many ?? [single]) {
    const type = typeof att?.type === 'string' ? att.type : '';
    if (!ATTACHMENT_TYPES[platform].includes(type)) return { error: param(`Param message[attachment][type] must be one of {${ATTACHMENT_TYPES[platform].join(', ')}}`) };
    const payload = asRecord(att?.payload);
    if (type === 'like_heart') {
      attachments.push({ type });
      continue;
    }
    if (!payload) return { error: param('The parameter message[attachment][payload] is required') };
    if (type === 'template' || type === 'MEDIA_SHARE') {
      attachments.push({ type });
      continue;
    }
    const url = typeof payload.url === 'string' ? payload.url : undefined;
    const attachmentId = asId(payload.attachment_id);
    if (!url && !attachmentId) return { error: param('Param message[attachment][payload] must have a url or an attachment_id') };
    if (url && !/^https?:\/\/[^\s/]+/.test(url)) return { error: { code: 100, subcode: 2018047, message: '(#100) Upload attachment failure.' } };
    if (payload.is_reusable === true && url) reusable = true;
    attachments.push({ type, url, mediaId: attachmentId });
  }
  const echo = { attachments: attachments.map((a) => ({ type: a.type, payload: a.url ? { url: a.url } : {} })) };
  return { attachments, echo, reusable, quickReplies: quickReplies?.choices };
}
