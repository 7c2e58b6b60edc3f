import type { SimContext } from '../context.ts';
import { tiktokMessageId } from './ids.ts';
import type { SimMessage } from '../state/conversations.ts';
import { businessHandle, businessUser, personalUser, tiktokEnvelope } from '../tiktok/webhook-payloads.ts';
import type { CustomerMessage } from '../types.ts';
import { need, SimulatorUsageError, type BuiltEvent } from '../customers/built-event.ts';
import { prepareCustomerMedia } from '../customers/media.ts';

/**
 * TikTok customer events (FACTS 6.1): `im_receive_msg` (the customer writes), `im_send_msg` (the
 * business wrote from the TikTok app: an echo), `im_mark_read_msg` (the customer read up to a
 * time), `im_receive_msg_eu` (an EEA/UK sender: no content, no usable conversation id).
 */
export function buildTikTokEvent(ctx: SimContext, input: CustomerMessage<'tiktok'>): BuiltEvent<Record<string, unknown>> {
  const account = ctx.accounts.require('tiktok', input.accountId);
  const kind: string = input.kind ?? (input.media ? input.media.type : 'text');
  const at = input.timestamp ?? ctx.now();
  const conv = ctx.conversations.ensure('tiktok', account.accountId, { isFollower: true, ...input.customer }, at);
  const customerId = input.customer.id;
  const id = input.externalId ?? tiktokMessageId();
  const handle = input.customer.username ?? input.customer.name?.toLowerCase().replace(/\s+/g, '.') ?? 'tiktok.user';

  if (kind === 'read') {
    const content = { conversation_id: conv.id, read: { last_read_timestamp: input.watermark ?? at }, from_user: { id: customerId } };
    return { item: tiktokEnvelope(ctx, account, 'im_mark_read_msg', content), commit: () => undefined };
  }
  if (kind === 'eu_notice') {
    const content = { message_id: id, timestamp: at, from_user: { id: '' }, to_user: businessUser(account) };
    return { item: tiktokEnvelope(ctx, account, 'im_receive_msg_eu', content), externalId: id, commit: () => ctx.conversations.customerActed(conv, at) };
  }

  // A card (QA_BUTTON_CARD) is the business's: it arrives as an echo, in the webhook's nested shape.
  const echo = kind === 'echo' || kind === 'card';
  const content: Record<string, unknown> = {
    conversation_id: conv.id,
    message_id: id,
    timestamp: at,
    from: echo ? businessHandle(account) : handle,
    from_user: echo ? businessUser(account) : personalUser(customerId),
    to: echo ? handle : businessHandle(account),
    to_user: echo ? personalUser(customerId) : businessUser(account),
  };
  const stored: Partial<SimMessage> = {};
  switch (kind) {
    case 'text':
    case 'echo':
      Object.assign(content, { type: 'text', text: { body: need(input.text, 'text') } });
      stored.text = input.text;
      break;
    case 'emoji':
      Object.assign(content, { type: 'emoji', emoji: { body: input.emoji ?? input.text ?? '\ud83d\ude00' } });
      break;
    case 'image':
    case 'video':
    case 'sticker': {
      const media = prepareCustomerMedia(ctx, 'tiktok', account.accountId, { ...input.media, type: kind === 'video' ? 'video' : 'image' });
      Object.assign(content, { type: kind, [kind]: { media_id: media.stored?.id } });
      stored.attachments = [{ type: kind, mediaId: media.stored?.id, mimeType: media.mimeType }];
      break;
    }
    case 'card':
      Object.assign(content, { type: 'template', template: qaButtonCard(input) });
      stored.text = input.text ?? 'Which colour?';
      break;
    case 'share': {
      const videoId = input.payload ?? '7439000111222333444';
      Object.assign(content, { type: 'share_post', share_post: { embed_url: `https://www.tiktok.com/@creator/video/${videoId}`, video_id: videoId } });
      stored.data = { sharePost: videoId };
      break;
    }
    case 'unsupported':
      Object.assign(content, { type: 'unsupported' });
      break;
    default:
      throw new SimulatorUsageError(`tiktok has no customer event kind '${kind}'`);
  }
  if (!echo) content.is_follower = input.customer.isFollower ?? conv.customer.isFollower ?? true;
  else content.message_tag = { source: 'APP' };
  if (input.replyTo) content.referenced_message_info = { referenced_message_id: input.replyTo };
  return {
    item: tiktokEnvelope(ctx, account, echo ? 'im_send_msg' : 'im_receive_msg', content),
    externalId: id,
    commit: () => {
      ctx.conversations.add(conv, { id, platform: 'tiktok', accountId: account.accountId, customerId, direction: echo ? 'outbound' : 'inbound', timestamp: at, ...stored });
      if (!echo) ctx.conversations.customerActed(conv, at);
    },
  };
}

/** A QA_BUTTON_CARD template within TikTok's card limits (FACTS 6.3): 1–3 buttons, title ≤ 40, button titles ≤ 20. */
function qaButtonCard(input: CustomerMessage<'tiktok'>): Record<string, unknown> {
  if (input.buttons && (input.buttons.length < 1 || input.buttons.length > 3)) throw new SimulatorUsageError('a TikTok card has 1 to 3 buttons');
  if ((input.text?.length ?? 0) > 40 || input.buttons?.some((b) => b.title.length > 20)) throw new SimulatorUsageError('a TikTok card title is at most 40 characters, a button title at most 20');
  const buttons = (
    input.buttons ?? [
      { title: 'Blue', payload: 'COLOR_BLUE' },
      { title: 'Red', payload: 'COLOR_RED' },
    ]
  ).map((b) => ({ text: b.title, type: 'REPLY', id: b.payload ?? b.title }));
  return { type: 'qa_button_card', elements: [{ title: input.text ?? 'Which colour?', buttons }] };
}
