import type { SimContext } from '../context.ts';
import { echoEvent, deliveryEvent, PAGE_INBOX_APP_ID, reactionName, readEvent, type MessagingEvent } from './messaging-events.ts';
import { instagramMid } from '../instagram/ids.ts';
import { messengerMid } from '../messenger/ids.ts';
import { lastBusinessMessage, type SimAttachment, type SimConversation, type SimMessage } from '../state/conversations.ts';
import type { CustomerMessage, MediaKind, SimAccount } from '../types.ts';
import { need, SimulatorUsageError, type BuiltEvent } from '../customers/built-event.ts';
import { prepareCustomerMedia } from '../customers/media.ts';

/**
 * Messenger and Instagram customer events (FACTS 2.1, 3.1): one `messaging[]` item each. What the
 * customer sends (content), what they do to messages (actions), and what comes from buttons,
 * links and the business's own app are built by one function each.
 */

type MessagingPlatform = 'messenger' | 'instagram';
type Input = CustomerMessage<'messenger'> | CustomerMessage<'instagram'>;
type Built = BuiltEvent<MessagingEvent>;

const MEDIA_KINDS = new Set<string>(['image', 'video', 'audio', 'file', 'sticker']);

/** One customer action being built: who, where, when, and the three ways it changes the platform. */
interface Building {
  ctx: SimContext;
  platform: MessagingPlatform;
  input: Input;
  kind: string;
  account: SimAccount;
  conv: SimConversation;
  customerId: string;
  at: number;
  mid: string;
  /** `sender`/`recipient`/`timestamp` of an item the customer originates. */
  from: { sender: { id: string }; recipient: { id: string }; timestamp: number };
  /** A new customer message: stored, and the reply window starts again. */
  inbound(message: Record<string, unknown>, stored?: Partial<SimMessage>): Built;
  /** The customer acted (reaction, postback, referral): the window starts again, nothing is stored. */
  acted(item: MessagingEvent, externalId?: string): Built;
  /** Neither a message nor an act that reopens the window (reads, edits, unsends). */
  quiet(item: MessagingEvent, commit?: () => void): Built;
}

export function buildMessagingEvent(ctx: SimContext, platform: MessagingPlatform, input: Input): Built {
  const b = startBuilding(ctx, platform, input);
  const built = contentEvent(b) ?? actionEvent(b) ?? appEvent(b);
  if (!built) throw new SimulatorUsageError(`${platform} has no customer event kind '${b.kind}'`);
  return built;
}

function startBuilding(ctx: SimContext, platform: MessagingPlatform, input: Input): Building {
  const account = ctx.accounts.require(platform, input.accountId);
  const at = input.timestamp ?? ctx.now();
  const customerId = input.customer.id;
  const conv = ctx.conversations.ensure(platform, account.accountId, input.customer, at);
  const from = { sender: { id: customerId }, recipient: { id: account.accountId }, timestamp: at };
  const mid = input.externalId ?? (platform === 'messenger' ? messengerMid() : instagramMid(account.accountId));
  return {
    ctx,
    platform,
    input,
    account,
    conv,
    customerId,
    at,
    mid,
    from,
    kind: input.kind ?? (input.media ? input.media.type : 'text'),
    inbound: (message, stored = {}) => ({
      item: { ...from, message: { mid, ...message } },
      externalId: mid,
      commit: () => {
        ctx.conversations.add(conv, { id: mid, platform, accountId: account.accountId, customerId, direction: 'inbound', timestamp: at, ...stored });
        ctx.conversations.customerActed(conv, at);
      },
    }),
    acted: (item, externalId) => ({ item, externalId, commit: () => ctx.conversations.customerActed(conv, at) }),
    quiet: (item, commit = () => undefined) => ({ item, commit }),
  };
}

/** What the customer sends: text, media, a location pin, story mentions and replies, shares. */
function contentEvent(b: Building): Built | undefined {
  const { ctx, platform, input, kind, account } = b;
  const replyTo = input.replyTo ? { reply_to: { mid: input.replyTo } } : {};
  if (MEDIA_KINDS.has(kind)) {
    if (platform === 'instagram' && kind === 'sticker') throw new SimulatorUsageError('Instagram sends no webhook for stickers (FACTS 3.1)');
    const media = prepareCustomerMedia(ctx, platform, account.accountId, { ...input.media, type: kind as MediaKind });
    const payload: Record<string, unknown> = { url: media.url };
    if (kind === 'sticker') payload.sticker_id = 369239263222822;
    const attachment = { type: kind, payload };
    const stored: SimAttachment = { type: kind, url: media.url, mimeType: media.mimeType, filename: media.filename, size: media.stored?.bytes.length };
    return b.inbound({ attachments: [attachment], ...replyTo }, { attachments: [stored] });
  }
  const sharedMedia = (): string | undefined => prepareCustomerMedia(ctx, platform, account.accountId, { type: 'image', ...input.media }).url;
  switch (kind) {
    case 'text': {
      const text = need(input.text, 'text');
      const quickReply = input.payload ? { quick_reply: { payload: input.payload } } : {};
      return b.inbound({ text, ...quickReply, ...replyTo }, { text });
    }
    case 'location': {
      if (platform === 'instagram') throw new SimulatorUsageError('Instagram has no location attachments (FACTS 3.1)');
      // Messenger's attachment reference: a pin with its title, a map link and the coordinates.
      const l = need(input.location, 'location');
      const url = `https://l.facebook.com/l.php?u=${encodeURIComponent(`https://www.bing.com/maps/default.aspx?cp=${l.latitude}~${l.longitude}`)}`;
      return b.inbound({
        attachments: [{ type: 'location', title: l.name ?? `${input.customer.name ?? 'Pinned'}'s location`, url, payload: { coordinates: { lat: l.latitude, long: l.longitude } } }],
      });
    }
    case 'story_mention':
    case 'share': {
      const url = sharedMedia();
      return b.inbound({ attachments: [{ type: kind, payload: { url } }] }, { attachments: [{ type: kind, url }] });
    }
    case 'story_reply': {
      const url = sharedMedia();
      const text = need(input.text, 'text');
      return b.inbound({ text, reply_to: { story: { url, id: input.replyTo ?? `1789${Date.now()}` } } }, { text });
    }
    case 'unsupported':
      return platform === 'instagram' ? b.inbound({ is_unsupported: true }) : b.inbound({ attachments: [{ type: 'appointment_booking', payload: {} }] });
    default:
      return undefined;
  }
}

/** What the customer does to messages: reactions, edits, unsends, reads, deliveries. */
function actionEvent(b: Building): Built | undefined {
  const { ctx, platform, input, kind, account, conv, customerId, at, from } = b;
  switch (kind) {
    case 'reaction':
    case 'unreact': {
      const target = need(input.replyTo, 'replyTo (the mid reacted to)');
      const emoji = input.emoji ?? '\u2764\ufe0f';
      const reaction = kind === 'reaction' ? { reaction: reactionName(emoji), emoji, action: 'react', mid: target } : { action: 'unreact', mid: target };
      return b.acted({ ...from, reaction });
    }
    case 'edit': {
      const target = need(input.replyTo, 'replyTo (the mid edited)');
      const text = need(input.text, 'text');
      return b.quiet({ ...from, message_edit: { mid: target, text, num_edit: 1 } }, () => {
        const original = ctx.conversations.message(target);
        if (original) original.text = text;
      });
    }
    case 'unsend': {
      const target = need(input.replyTo, 'replyTo (the mid unsent)');
      return b.quiet({ ...from, message: { mid: target, is_deleted: true } }, () => removeMessage(conv, target));
    }
    case 'read': {
      if (platform === 'messenger') return b.quiet({ ...readEvent(platform, account.accountId, customerId, at, input.watermark ?? at) });
      const target = input.replyTo ?? lastBusinessMessage(conv)?.id;
      return b.quiet(readEvent(platform, account.accountId, customerId, at, need(target, 'replyTo (the mid seen)')));
    }
    case 'delivery':
      return b.quiet(deliveryEvent(account.accountId, customerId, input.watermark ?? at, input.replyTo ? [input.replyTo] : undefined));
    default:
      return undefined;
  }
}

/** What comes from buttons and links (postbacks, referrals) and from the business's own app (echoes). */
function appEvent(b: Building): Built | undefined {
  const { ctx, platform, input, kind, account, conv, customerId, at, mid, from } = b;
  switch (kind) {
    case 'echo': {
      // The business answered from its own app (Page inbox / Instagram app): echoes never reopen the window.
      const text = need(input.text, 'text');
      // With buttons: a button template (Messenger's template reference), as a bot in another app sends it.
      const content = input.buttons
        ? {
            mid,
            attachments: [
              {
                type: 'template',
                payload: {
                  template_type: 'button',
                  text,
                  buttons: input.buttons.map((btn) =>
                    btn.url ? { type: 'web_url', title: btn.title, url: btn.url } : { type: 'postback', title: btn.title, payload: btn.payload ?? btn.title.toUpperCase() },
                  ),
                },
              },
            ],
          }
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
      return b.acted({ ...from, postback }, mid);
    }
    case 'referral': {
      const defaults = platform === 'messenger' ? { ref: 'summer-sale', source: 'SHORTLINK', type: 'OPEN_THREAD' } : { ref: 'summer-sale', source: 'IGME-SOURCE-LINK', type: 'OPEN_THREAD' };
      return b.acted({ ...from, referral: { ...defaults, ...input.referral } });
    }
    default:
      return undefined;
  }
}

function removeMessage(conv: SimConversation, mid: string): void {
  conv.messages = conv.messages.filter((m) => m.id !== mid);
}
