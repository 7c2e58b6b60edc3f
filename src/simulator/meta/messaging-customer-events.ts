import type { SimContext } from '../context.ts';
import { echoEvent, deliveryEvent, PAGE_INBOX_APP_ID, reactionName, readEvent, type MessagingEvent } from './messaging-events.ts';
import { instagramMid, messengerMid } from '../ids.ts';
import { lastBusinessMessage, type SimAttachment, type SimConversation, type SimMessage } from '../state/conversations.ts';
import type { CustomerMessage, MediaKind } from '../types.ts';
import { need, SimulatorUsageError, type BuiltEvent } from '../customers/built-event.ts';
import { prepareCustomerMedia } from '../customers/media.ts';

/**
 * Messenger and Instagram customer events (FACTS 2.1, 3.1): one `messaging[]` item each.
 */

type MessagingPlatform = 'messenger' | 'instagram';
type Input = CustomerMessage<'messenger'> | CustomerMessage<'instagram'>;

const MEDIA_KINDS = new Set<string>(['image', 'video', 'audio', 'file', 'sticker']);

export function buildMessagingEvent(ctx: SimContext, platform: MessagingPlatform, input: Input): BuiltEvent<MessagingEvent> {
  const account = ctx.accounts.require(platform, input.accountId);
  const kind: string = input.kind ?? (input.media ? input.media.type : 'text');
  const at = input.timestamp ?? ctx.now();
  const customerId = input.customer.id;
  const conv = ctx.conversations.ensure(platform, account.accountId, input.customer, at);
  const from = { sender: { id: customerId }, recipient: { id: account.accountId }, timestamp: at };
  const mid = input.externalId ?? (platform === 'messenger' ? messengerMid() : instagramMid(account.accountId));
  const inbound = (message: Record<string, unknown>, stored: Partial<SimMessage> = {}): BuiltEvent<MessagingEvent> => ({
    item: { ...from, message: { mid, ...message } },
    externalId: mid,
    commit: () => {
      ctx.conversations.add(conv, { id: mid, platform, accountId: account.accountId, customerId, direction: 'inbound', timestamp: at, ...stored });
      ctx.conversations.customerActed(conv, at);
    },
  });
  const acted = (item: MessagingEvent, externalId?: string): BuiltEvent<MessagingEvent> => ({ item, externalId, commit: () => ctx.conversations.customerActed(conv, at) });
  const quiet = (item: MessagingEvent, commit: () => void = () => undefined): BuiltEvent<MessagingEvent> => ({ item, commit });
  const replyTo = input.replyTo ? { reply_to: { mid: input.replyTo } } : {};

  if (MEDIA_KINDS.has(kind)) {
    if (platform === 'instagram' && kind === 'sticker') throw new SimulatorUsageError('Instagram sends no webhook for stickers (FACTS 3.1)');
    const media = prepareCustomerMedia(ctx, platform, account.accountId, { ...input.media, type: kind as MediaKind });
    const payload: Record<string, unknown> = { url: media.url };
    if (kind === 'sticker') payload.sticker_id = 369239263222822;
    const attachment = { type: kind, payload };
    const stored: SimAttachment = { type: kind, url: media.url, mimeType: media.mimeType, filename: media.filename, size: media.stored?.bytes.length };
    return inbound({ attachments: [attachment], ...replyTo }, { attachments: [stored] });
  }

  switch (kind) {
    case 'text': {
      const text = need(input.text, 'text');
      const quickReply = input.payload ? { quick_reply: { payload: input.payload } } : {};
      return inbound({ text, ...quickReply, ...replyTo }, { text });
    }
    case 'location': {
      if (platform === 'instagram') throw new SimulatorUsageError('Instagram has no location attachments (FACTS 3.1)');
      // Messenger's attachment reference: a pin with its title, a map link and the coordinates.
      const l = need(input.location, 'location');
      const url = `https://l.facebook.com/l.php?u=${encodeURIComponent(`https://www.bing.com/maps/default.aspx?cp=${l.latitude}~${l.longitude}`)}`;
      return inbound({ attachments: [{ type: 'location', title: l.name ?? `${input.customer.name ?? 'Pinned'}'s location`, url, payload: { coordinates: { lat: l.latitude, long: l.longitude } } }] });
    }
    case 'story_mention': {
      const media = prepareCustomerMedia(ctx, platform, account.accountId, { type: 'image', ...input.media });
      return inbound({ attachments: [{ type: 'story_mention', payload: { url: media.url } }] }, { attachments: [{ type: 'story_mention', url: media.url }] });
    }
    case 'story_reply': {
      const media = prepareCustomerMedia(ctx, platform, account.accountId, { type: 'image', ...input.media });
      const text = need(input.text, 'text');
      return inbound({ text, reply_to: { story: { url: media.url, id: input.replyTo ?? `1789${Date.now()}` } } }, { text });
    }
    case 'share': {
      const media = prepareCustomerMedia(ctx, platform, account.accountId, { type: 'image', ...input.media });
      return inbound({ attachments: [{ type: 'share', payload: { url: media.url } }] }, { attachments: [{ type: 'share', url: media.url }] });
    }
    case 'unsupported':
      return platform === 'instagram'
        ? inbound({ is_unsupported: true })
        : inbound({ attachments: [{ type: 'appointment_booking', payload: {} }] });
    case 'reaction':
    case 'unreact': {
      const target = need(input.replyTo, 'replyTo (the mid reacted to)');
      const emoji = input.emoji ?? '\u2764\ufe0f';
      const reaction = kind === 'reaction' ? { reaction: reactionName(emoji), emoji, action: 'react', mid: target } : { action: 'unreact', mid: target };
      return acted({ ...from, reaction });
    }
    case 'edit': {
      const target = need(input.replyTo, 'replyTo (the mid edited)');
      const text = need(input.text, 'text');
      return quiet({ ...from, message_edit: { mid: target, text, num_edit: 1 } }, () => {
        const original = ctx.conversations.message(target);
        if (original) original.text = text;
      });
    }
    case 'unsend': {
      const target = need(input.replyTo, 'replyTo (the mid unsent)');
      return quiet({ ...from, message: { mid: target, is_deleted: true } }, () => removeMessage(conv, target));
    }
    case 'read': {
      if (platform === 'messenger') return quiet({ ...readEvent(platform, account.accountId, customerId, at, input.watermark ?? at) });
      const target = input.replyTo ?? lastBusinessMessage(conv)?.id;
      return quiet(readEvent(platform, account.accountId, customerId, at, need(target, 'replyTo (the mid seen)')));
    }
    case 'delivery':
      return quiet(deliveryEvent(account.accountId, customerId, input.watermark ?? at, input.replyTo ? [input.replyTo] : undefined));
    case 'echo': {
      // The business answered from its own app (Page inbox / Instagram app): echoes never reopen the window.
      const text = need(input.text, 'text');
      // With buttons: a button template (Messenger's template reference), as a bot in another app sends it.
      const content = input.buttons
        ? { mid, attachments: [{ type: 'template', payload: { template_type: 'button', text, buttons: input.buttons.map((b) => (b.url ? { type: 'web_url', title: b.title, url: b.url } : { type: 'postback', title: b.title, payload: b.payload ?? b.title.toUpperCase() })) } }] }
        : { mid, text };
      const item = echoEvent(platform, account.accountId, customerId, at, content, platform === 'messenger' ? PAGE_INBOX_APP_ID : undefined);
      return {
        item,
        externalId: mid,
        commit: () => ctx.conversations.add(conv, { id: mid, platform, accountId: account.accountId, customerId, direction: 'outbound', timestamp: at, text }),
      };
    }
    case 'postback': {
      // `text: ''`: a postback without a title, as some arrive (only the developer's payload).
      const postback = { ...(input.text !== '' && { title: input.text ?? 'Get Started' }), payload: input.payload ?? 'GET_STARTED', mid };
      return acted({ ...from, postback }, mid);
    }
    case 'referral': {
      const defaults = platform === 'messenger' ? { ref: 'summer-sale', source: 'SHORTLINK', type: 'OPEN_THREAD' } : { ref: 'summer-sale', source: 'IGME-SOURCE-LINK', type: 'OPEN_THREAD' };
      return acted({ ...from, referral: { ...defaults, ...input.referral } });
    }
    default:
      throw new SimulatorUsageError(`${platform} has no customer event kind '${kind}'`);
  }
}

function removeMessage(conv: SimConversation, mid: string): void {
  conv.messages = conv.messages.filter((m) => m.id !== mid);
}
