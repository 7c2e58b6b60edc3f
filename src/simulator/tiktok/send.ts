import type { FastifyReply } from 'fastify';
import type { SimContext } from '../context.ts';
import { tiktokMessageId } from './ids.ts';
import type { SimAttachment } from '../state/conversations.ts';
import type { SimAccount } from '../types.ts';
import { postTiktok } from './deliver.ts';
import { envelope, okEnvelope, tiktokErrors } from './envelope.ts';
import { businessHandle, businessUser, personalUser, tiktokEnvelope } from './webhook-payloads.ts';

/**
 * `POST /open_api/v1.3/business/message/send/` (FACTS 6.3): TEXT, IMAGE (an uploaded media_id),
 * TEMPLATE (QA_BUTTON_CARD) and SENDER_ACTION, to a conversation the user opened; the 48 h window
 * and the 10-messages-per-window cap of FACTS 6.4 give 40064.
 */

const WINDOW_MS = 48 * 3600 * 1000;
const CAP = 10;
type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);

export function sendTikTok(ctx: SimContext, reply: FastifyReply, account: SimAccount, body: Obj): FastifyReply {
  const fail = (e: { code: number; message: string }): FastifyReply => envelope(reply, e.code, e.message);
  if (body.recipient_type !== 'CONVERSATION') return fail(tiktokErrors.param('recipient_type: Must be one of: CONVERSATION.'));
  const recipient = typeof body.recipient === 'string' ? body.recipient : undefined;
  if (!recipient) return fail(tiktokErrors.param('recipient: Missing data for required field.'));
  const conv = ctx.conversations.byConversationId(recipient);
  if (!conv || conv.platform !== 'tiktok' || conv.accountId !== account.accountId) return fail(tiktokErrors.notFound(`Conversation ${recipient} not found.`));
  const type = String(body.message_type ?? '');

  if (type === 'SENDER_ACTION') {
    const action = String(body.sender_action ?? '');
    if (action !== 'TYPING' && action !== 'MARK_READ') return fail(tiktokErrors.param('sender_action: Must be one of: TYPING, MARK_READ.'));
    return okEnvelope(reply, {});
  }
  let text: string | undefined;
  let attachments: SimAttachment[] | undefined;
  let echoContent: Obj;
  if (type === 'TEXT') {
    const t = asObj(body.text)?.body;
    if (typeof t !== 'string' || t.length === 0) return fail(tiktokErrors.param('text.body: Missing data for required field.'));
    if (t.length > 6000) return fail(tiktokErrors.param('text.body: Length must be between 1 and 6000.'));
    text = t;
    echoContent = { type: 'text', text: { body: t } };
  } else if (type === 'IMAGE') {
    const mediaId = asObj(body.image)?.media_id;
    const media = typeof mediaId === 'string' ? ctx.media.byId(mediaId) : undefined;
    if (!media || media.platform !== 'tiktok' || media.accountId !== account.accountId) return fail(tiktokErrors.param('image.media_id: Invalid media_id.'));
    attachments = [{ type: 'image', mediaId: media.id, mimeType: media.mimeType }];
    echoContent = { type: 'image', image: { media_id: media.id } };
  } else if (type === 'TEMPLATE') {
    const error = checkTemplate(asObj(body.template));
    if (error) return fail(tiktokErrors.param(error));
    text = String(asObj(body.template)?.title);
    echoContent = { type: 'template', template: body.template };
  } else {
    return fail(tiktokErrors.param('message_type: Must be one of: TEXT, IMAGE, TEMPLATE, SENDER_ACTION.'));
  }

  const last = conv.lastCustomerMessageAt;
  if (last === undefined || ctx.now() - last > WINDOW_MS) return fail(tiktokErrors.windowClosed);
  if (conv.businessSinceCustomer >= CAP) return fail(tiktokErrors.capReached);

  const id = tiktokMessageId();
  const at = ctx.now();
  const referenced = asObj(body.referenced_message_info)?.referenced_message_id;
  ctx.conversations.add(conv, { id, platform: 'tiktok', accountId: account.accountId, customerId: conv.customer.id, direction: 'outbound', timestamp: at, text, attachments });
  const handle = conv.customer.username ?? 'tiktok.user';
  if (ctx.options.echoes) {
    // The echo can overtake the HTTP answer (FACTS 6.1): it is on its way before we reply.
    const content = {
      conversation_id: conv.id,
      message_id: id,
      timestamp: at,
      from: businessHandle(account),
      from_user: businessUser(account),
      to: handle,
      to_user: personalUser(conv.customer.id),
      ...echoContent,
      message_tag: { source: 'API' },
      ...(typeof referenced === 'string' ? { referenced_message_info: { referenced_message_id: referenced } } : {}),
    };
    void postTiktok(ctx, tiktokEnvelope(ctx, account, 'im_send_msg', content)).catch(() => undefined);
  }
  if (ctx.options.autoReceipts) {
    ctx.timers.after(2 * ctx.options.receiptDelayMs, () =>
      postTiktok(ctx, tiktokEnvelope(ctx, account, 'im_mark_read_msg', { conversation_id: conv.id, read: { last_read_timestamp: ctx.now() }, from_user: { id: conv.customer.id } })),
    );
  }
  return okEnvelope(reply, { message: { message_id: id } });
}

function checkTemplate(t: Obj | undefined): string | undefined {
  if (!t) return 'template: Missing data for required field.';
  if (t.type !== 'QA_BUTTON_CARD') return 'template.type: Must be one of: QA_BUTTON_CARD.';
  if (typeof t.title !== 'string' || t.title.length < 1 || t.title.length > 40) return 'template.title: Length must be between 1 and 40.';
  const buttons = Array.isArray(t.buttons) ? t.buttons.map(asObj) : [];
  if (buttons.length < 1 || buttons.length > 3) return 'template.buttons: Length must be between 1 and 3.';
  for (const b of buttons) {
    if (b?.type !== 'REPLY') return 'template.buttons.type: Must be one of: REPLY.';
    if (typeof b.title !== 'string' || b.title.length < 1 || b.title.length > 20) return 'template.buttons.title: Length must be between 1 and 20.';
    if (typeof b.id !== 'string' || b.id.length < 1 || b.id.length > 40) return 'template.buttons.id: Length must be between 1 and 40.';
  }
  return undefined;
}
