import type { SimContext } from '../context.ts';
import { wamid } from '../ids.ts';
import { customerKey, type SimMessage } from '../state/conversations.ts';
import { sha256Base64 } from '../state/media.ts';
import type { CustomerMessage, MediaKind } from '../types.ts';
import { statusValue, waMetadata, waSeconds, type WhatsAppValue } from '../whatsapp/webhook-payloads.ts';
import { need, SimulatorUsageError, type BuiltEvent } from './built-event.ts';
import { lastBusinessMessage } from './messaging.ts';
import { prepareCustomerMedia } from './media.ts';

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
  const waId = customerKey('whatsapp', input.customer.phone || input.customer.id);
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

  if (kind in WA_MEDIA_TYPE) {
    const media = prepareCustomerMedia(ctx, 'whatsapp', account.accountId, { ...input.media, type: kind as MediaKind });
    const type = WA_MEDIA_TYPE[kind as MediaKind];
    const bytes = media.stored?.bytes ?? Buffer.alloc(0);
    const object: Record<string, unknown> = { mime_type: media.mimeType, sha256: sha256Base64(bytes), id: media.stored?.id };
    if (type === 'audio') object.voice = media.mimeType.startsWith('audio/ogg');
    if (type === 'sticker') object.animated = false;
    if (type === 'document') object.filename = media.filename;
    if (media.caption !== undefined && type !== 'audio' && type !== 'sticker') object.caption = media.caption;
    Object.assign(message, { type, [type]: object });
    stored.attachments = [{ type, mediaId: media.stored?.id, mimeType: media.mimeType, filename: media.filename, size: bytes.length }];
    stored.text = media.caption;
  } else {
    switch (kind) {
      case 'text':
        Object.assign(message, { type: 'text', text: { body: need(input.text, 'text') } });
        stored.text = input.text;
        break;
      case 'location':
        Object.assign(message, { type: 'location', location: need(input.location, 'location') });
        break;
      case 'contacts':
        Object.assign(message, { type: 'contacts', contacts: input.contacts ?? [{ name: { formatted_name: 'Bruno Lima', first_name: 'Bruno', last_name: 'Lima' }, phones: [{ phone: '+55 11 91234-5678', wa_id: '5511912345678', type: 'CELL' }] }] });
        break;
      case 'reaction':
      case 'unreact':
        Object.assign(message, { type: 'reaction', reaction: { message_id: need(input.replyTo, 'replyTo (the wamid reacted to)'), ...(kind === 'reaction' ? { emoji: input.emoji ?? '\ud83d\udc4d' } : {}) } });
        break;
      case 'button':
        Object.assign(message, { type: 'button', button: { text: input.text ?? 'Talk to an agent', payload: input.payload ?? 'TALK_TO_AGENT' } });
        stored.text = input.text ?? 'Talk to an agent';
        break;
      case 'interactive':
        Object.assign(message, { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: input.payload ?? 'COLOR_BLUE', title: input.text ?? 'Blue' } } });
        stored.text = input.text ?? 'Blue';
        break;
      case 'unsupported':
        Object.assign(message, { type: 'unsupported', errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown', error_data: { details: 'Message type is currently not supported.' } }] });
        break;
      default:
        throw new SimulatorUsageError(`whatsapp has no customer event kind '${kind}'`);
    }
  }
  if (input.replyTo && kind !== 'reaction' && kind !== 'unreact') message.context = { from: waMetadata(account).display_phone_number, id: input.replyTo };
  if (input.referral) message.referral = { source_url: 'https://fb.me/3cr4Wqqkx', source_id: '120226305854810726', source_type: 'ad', headline: 'Summer sale', body: 'Message us', media_type: 'image', image_url: `${ctx.url}/cdn/profile/ad.png`, ctwa_clid: 'ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvnO2E4Nx0-eM-GABDLOPaOdRMv-_zfUQ2a', ...input.referral };

  const contact: Record<string, unknown> = { profile: { name: input.customer.name ?? 'WhatsApp User', ...(input.customer.username ? { username: input.customer.username } : {}) } };
  if (withPhone) contact.wa_id = waId;
  if (input.customer.userId) contact.user_id = input.customer.userId;
  const value: WhatsAppValue = { messaging_product: 'whatsapp', metadata: waMetadata(account), contacts: [contact], messages: [message] };
  return {
    item: value,
    externalId: id,
    commit: () => {
      if (kind !== 'reaction' && kind !== 'unreact') {
        ctx.conversations.add(conv, { id, platform: 'whatsapp', accountId: account.accountId, customerId: conv.customer.id, direction: 'inbound', timestamp: at, status: 'received', ...stored });
      }
      ctx.conversations.customerActed(conv, at);
    },
  };
}

const ORDER = ['accepted', 'queued', 'sent', 'delivered', 'read'];

/** Statuses only move forward. */
export function advance(message: SimMessage | undefined, status: string): void {
  if (!message) return;
  if (ORDER.indexOf(status) > ORDER.indexOf(message.status ?? 'accepted')) message.status = status;
}
