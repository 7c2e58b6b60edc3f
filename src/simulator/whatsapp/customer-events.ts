import type { SimContext } from '../context.ts';
import { wamid } from './ids.ts';
import { lastBusinessMessage, type SimConversation, type SimMessage } from '../state/conversations.ts';
import { sha256Base64 } from '../state/media.ts';
import type { CustomerMessage, MediaKind, SimAccount } from '../types.ts';
import { statusValue, waMetadata, waSeconds, type WhatsAppValue } from '../whatsapp/webhook-payloads.ts';
import { need, SimulatorUsageError, type BuiltEvent } from '../customers/built-event.ts';
import { prepareCustomerMedia } from '../customers/media.ts';
import { waIdOf } from './numbers.ts';
import type { SimChoice } from './interactive-check.ts';

/**
 * WhatsApp Cloud API customer events (FACTS 4.1): a `messages[]` value with `contacts[]`, or a
 * `statuses[]` value when the customer's phone reports a business message delivered/read.
 */

const WA_MEDIA_TYPE: Record<MediaKind, string> = { image: 'image', video: 'video', audio: 'audio', file: 'document', sticker: 'sticker' };

export function buildWhatsAppEvent(ctx: SimContext, input: CustomerMessage<'whatsapp'>): BuiltEvent<WhatsAppValue> {
  const account = ctx.accounts.require('whatsapp', input.accountId);
  const kind: string = input.kind ?? (input.media ? input.media.type : 'text');
  const at = input.timestamp ?? ctx.now();
  const conv = ctx.conversations.ensure('whatsapp', account.accountId, input.customer, at);
  const waId = waIdOf(input.customer.phone || input.customer.id);
  const withPhone = input.customer.phone !== '';

  if (kind === 'read' || kind === 'delivery') {
    const target = input.replyTo ?? lastBusinessMessage(conv)?.id;
    const status = kind === 'read' ? 'read' : 'delivered';
    const value = statusValue({ account, wamid: need(target, 'replyTo (the wamid read)'), status, recipientId: waId, at });
    return { item: value, commit: () => advance(ctx.conversations.message(target ?? ''), status) };
  }

  const id = input.externalId ?? wamid(waId);
  const message: Record<string, unknown> = {};
  if (withPhone) message.from = waId;
  if (input.customer.userId) message.from_user_id = input.customer.userId;
  Object.assign(message, { id, timestamp: waSeconds(at) });
  const stored: Partial<SimMessage> = {};
  Object.assign(message, kind in WA_MEDIA_TYPE ? mediaContent(ctx, account, input, kind as MediaKind, stored) : messageContent(ctx, input, kind, waId, at, stored));
  if (input.replyTo && !NO_CONTEXT.has(kind)) message.context = { from: waMetadata(account).display_phone_number, id: input.replyTo };
  if (input.referral) message.referral = { ...referralSample(ctx), ...input.referral };

  const contact: Record<string, unknown> = { profile: { name: input.customer.name ?? 'WhatsApp User', ...(input.customer.username ? { username: input.customer.username } : {}) } };
  if (withPhone) contact.wa_id = waId;
  if (input.customer.userId) contact.user_id = input.customer.userId;
  const value: WhatsAppValue = { messaging_product: 'whatsapp', metadata: waMetadata(account), ...(kind !== 'system' && { contacts: [contact] }), messages: [message] };
  return {
    item: value,
    externalId: id,
    commit: () => {
      if (kind === 'edit' || kind === 'unsend') return applyChange(ctx, conv, input.replyTo ?? '', kind, input.text);
      if (kind === 'system') return moveCustomer(ctx, conv, account.accountId, String(stored.data?.['newPhone']), at);
      if (kind !== 'reaction' && kind !== 'unreact') {
        ctx.conversations.add(conv, { id, platform: 'whatsapp', accountId: account.accountId, customerId: conv.customer.id, direction: 'inbound', timestamp: at, status: 'received', ...stored });
      }
      ctx.conversations.customerActed(conv, at);
    },
  };
}

/** A media message: the media object by id (with sha256, voice, filename, caption as the type has them). */
function mediaContent(ctx: SimContext, account: SimAccount, input: CustomerMessage<'whatsapp'>, kind: MediaKind, stored: Partial<SimMessage>): Record<string, unknown> {
  const media = prepareCustomerMedia(ctx, 'whatsapp', account.accountId, { ...input.media, type: kind });
  const type = WA_MEDIA_TYPE[kind];
  const bytes = media.stored?.bytes ?? Buffer.alloc(0);
  const object: Record<string, unknown> = { mime_type: media.mimeType, sha256: sha256Base64(bytes), id: media.stored?.id };
  if (type === 'audio') object.voice = media.mimeType.startsWith('audio/ogg');
  if (type === 'sticker') object.animated = false;
  if (type === 'document') object.filename = media.filename;
  if (media.caption !== undefined && type !== 'audio' && type !== 'sticker') object.caption = media.caption;
  stored.attachments = [{ type, mediaId: media.stored?.id, mimeType: media.mimeType, filename: media.filename, size: bytes.length }];
  stored.text = media.caption;
  return { type, [type]: object };
}

/** Every other message type, as Meta's webhook reference shapes it; `stored` gets what the platform keeps. */
function messageContent(ctx: SimContext, input: CustomerMessage<'whatsapp'>, kind: string, waId: string, at: number, stored: Partial<SimMessage>): Record<string, unknown> {
  switch (kind) {
    case 'text':
      stored.text = input.text;
      return { type: 'text', text: { body: need(input.text, 'text') } };
    case 'location':
      return { type: 'location', location: need(input.location, 'location') };
    case 'contacts':
      return { type: 'contacts', contacts: input.contacts ?? [DEFAULT_CONTACT] };
    case 'reaction':
    case 'unreact':
      return { type: 'reaction', reaction: { message_id: need(input.replyTo, 'replyTo (the wamid reacted to)'), ...(kind === 'reaction' ? { emoji: input.emoji ?? '\ud83d\udc4d' } : {}) } };
    case 'button':
      stored.text = input.text ?? 'Talk to an agent';
      return { type: 'button', button: { text: stored.text, payload: input.payload ?? 'TALK_TO_AGENT' } };
    case 'interactive':
      return tapContent(ctx, input, stored);
    case 'order':
      stored.text = typeof input.order?.['text'] === 'string' ? input.order['text'] : DEFAULT_ORDER.text;
      return { type: 'order', order: { ...DEFAULT_ORDER, ...input.order } };
    case 'edit':
    case 'unsend':
      return changeContent(ctx, input, kind, at);
    case 'system': {
      // Meta's system reference: no contacts array, the new number in system.wa_id.
      const newPhone = waIdOf(input.newPhone ?? `${waId.slice(0, -1)}${(Number(waId.at(-1)) + 1) % 10}`);
      stored.data = { newPhone };
      return { type: 'system', system: { body: `User ${input.customer.name ?? 'WhatsApp User'} changed from ${waId} to ${newPhone}`, wa_id: newPhone, type: 'user_changed_number' } };
    }
    case 'unsupported':
      return { type: 'unsupported', errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown', error_data: { details: 'Message type is currently not supported.' } }] };
    default:
      throw new SimulatorUsageError(`whatsapp has no customer event kind '${kind}'`);
  }
}

/**
 * The customer taps a reply button or a list row. With `replyTo` naming a business message that
 * offered choices, the tap is one of those (by `payload` = its id, or `text` = its title) and
 * answers as Cloud API does: `button_reply {id, title}` or `list_reply {id, title, description}`,
 * with the message in `context`. Without it, a button reply of the given payload and text.
 */
function tapContent(ctx: SimContext, input: CustomerMessage<'whatsapp'>, stored: Partial<SimMessage>): Record<string, unknown> {
  const offered = input.replyTo ? (ctx.conversations.message(input.replyTo)?.data?.['interactive'] as { kind: 'button' | 'list'; choices: SimChoice[] } | undefined) : undefined;
  if (!offered) {
    stored.text = input.text ?? 'Blue';
    return { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: input.payload ?? 'COLOR_BLUE', title: stored.text } } };
  }
  const choice = offered.choices.find((c) => (input.payload !== undefined ? c.id === input.payload : c.title === input.text));
  if (!choice) throw new SimulatorUsageError(`message ${input.replyTo} offers no choice ${input.payload ?? input.text ?? '(none given)'}`);
  stored.text = choice.title;
  if (offered.kind === 'button') return { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: choice.id, title: choice.title } } };
  return { type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: choice.id, title: choice.title, ...(choice.description !== undefined && { description: choice.description }) } } };
}

/** A revoke, or an edit carrying the new message whole: text, or the media object with its new caption. */
function changeContent(ctx: SimContext, input: CustomerMessage<'whatsapp'>, kind: 'edit' | 'unsend', at: number): Record<string, unknown> {
  const target = need(input.replyTo, `replyTo (the wamid ${kind === 'edit' ? 'edited' : 'deleted'})`);
  const original = ownMessage(ctx, target, kind, at);
  if (kind === 'unsend') return { type: 'revoke', revoke: { original_message_id: target } };
  const text = need(input.text, 'text');
  const media = original?.attachments?.[0];
  const edited =
    media?.type && media.type !== 'audio' && media.type !== 'sticker'
      ? { type: media.type, [media.type]: { caption: text, id: media.mediaId, mime_type: media.mimeType } }
      : { type: 'text', text: { body: text } };
  return { type: 'edit', edit: { original_message_id: target, message: edited } };
}

/** Meta's click-to-WhatsApp ad referral sample. */
const referralSample = (ctx: SimContext): Record<string, unknown> => ({
  source_url: 'https://fb.me/3cr4Wqqkx',
  source_id: '120226305854810726',
  source_type: 'ad',
  headline: 'Summer sale',
  body: 'Message us',
  media_type: 'image',
  image_url: `${ctx.url}/cdn/profile/ad.png`,
  ctwa_clid: 'ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvnO2E4Nx0-eM-GABDLOPaOdRMv-_zfUQ2a',
});

const DEFAULT_CONTACT = { name: { formatted_name: 'Bruno Lima', first_name: 'Bruno', last_name: 'Lima' }, phones: [{ phone: '+55 11 91234-5678', wa_id: '5511912345678', type: 'CELL' }] };

const NO_CONTEXT = new Set(['reaction', 'unreact', 'edit', 'unsend', 'system']);

/** Meta's sample cart shape: quantities and prices as numbers. */
const DEFAULT_ORDER = {
  catalog_id: '367025965434465',
  text: 'Gift wrap please',
  product_items: [
    { product_retailer_id: 'SKU-BLUE-M', quantity: 2, item_price: 49.9, currency: 'BRL' },
    { product_retailer_id: 'SKU-CAP', quantity: 1, item_price: 19.9, currency: 'BRL' },
  ],
};

/** WhatsApp lets a sender edit a message for 15 minutes and delete it for two days (Meta's edit/revoke references). */
const EDIT_WINDOW_MS = 15 * 60_000;
const REVOKE_WINDOW_MS = 2 * 24 * 3600_000;

/** The customer can only change their own messages, within WhatsApp's limits. */
function ownMessage(ctx: SimContext, target: string, kind: 'edit' | 'unsend', at: number): SimMessage | undefined {
  const original = ctx.conversations.message(target);
  if (!original) return undefined;
  if (original.direction !== 'inbound') throw new SimulatorUsageError(`a WhatsApp customer cannot ${kind === 'edit' ? 'edit' : 'delete'} the business's message ${target}`);
  const limit = kind === 'edit' ? EDIT_WINDOW_MS : REVOKE_WINDOW_MS;
  if (at - original.timestamp > limit) throw new SimulatorUsageError(`WhatsApp allows ${kind === 'edit' ? 'an edit for 15 minutes' : 'a deletion for two days'} after sending; ${target} is older`);
  return original;
}

function applyChange(ctx: SimContext, conv: SimConversation, target: string, kind: 'edit' | 'unsend', text: string | undefined): void {
  const original = ctx.conversations.message(target);
  if (!original) return;
  if (kind === 'unsend') conv.messages = conv.messages.filter((m) => m.id !== target);
  else original.text = text;
}

/** After a number change the platform knows the customer by the new number; the window goes with them. */
function moveCustomer(ctx: SimContext, conv: SimConversation, accountId: string, newPhone: string, at: number): void {
  const next = ctx.conversations.ensure('whatsapp', accountId, { ...conv.customer, id: newPhone, phone: newPhone }, at);
  if (conv.lastCustomerMessageAt !== undefined) ctx.conversations.setLastCustomerMessageAt(next, conv.lastCustomerMessageAt);
}

const ORDER = ['accepted', 'queued', 'sent', 'delivered', 'read'];

/** Statuses only move forward. */
export function advance(message: SimMessage | undefined, status: string): void {
  if (!message) return;
  if (ORDER.indexOf(status) > ORDER.indexOf(message.status ?? 'accepted')) message.status = status;
}
