import type { ContactRef, MessageEvent, NormalizedEvent } from '../types.ts';
import { changeEvent, systemEvent } from './message-changes.ts';
import { whatsappContent } from './message-content.ts';
import { ContactSchema, EchoSchema, MessageSchema, ReactionSchema, type WaContact, type WaMessage } from './schemas.ts';

/** One entry of `value.messages` (inbound) or `value.message_echoes` (Coexistence) → events (FACTS 4.1). */
export interface MessageContext {
  /** value.metadata.phone_number_id: the trusted routing id (pitfall 6). */
  accountId: string;
  /** value.contacts: profiles of the senders in this value. */
  contacts: WaContact[];
}

/** Not part of a conversation's content: kept for the journal. */
const NOT_CONTENT: Record<string, string> = {
  request_welcome: 'request_welcome (chat opened, nothing sent yet)',
};

export function parseContacts(value: unknown): WaContact[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((c) => {
    const parsed = ContactSchema.safeParse(c);
    return parsed.success ? [parsed.data] : [];
  });
}

export function inboundMessageEvents(item: unknown, ctx: MessageContext): NormalizedEvent[] {
  const parsed = MessageSchema.safeParse(item);
  if (!parsed.success) return [unknown(ctx, 'malformed message', item)];
  const m = parsed.data;
  const userId = m.from ?? m.from_user_id;
  if (!userId) return [unknown(ctx, 'message without a sender', item)];
  const contact = senderContact(m, userId, ctx.contacts);

  if (m.type === 'reaction') {
    const r = ReactionSchema.safeParse(m.reaction);
    if (r.success) {
      // Removal is the same shape with the emoji empty or absent (FACTS 4.1).
      const emoji = r.data.emoji ? r.data.emoji : null;
      return [{ kind: 'reaction', accountId: ctx.accountId, contact, targetExternalId: r.data.message_id, emoji, timestamp: m.timestamp }];
    }
  }
  if (m.type === 'system') {
    const system = systemEvent(m, item, ctx.accountId);
    if (system) return [system];
  }
  const change = changeEvent(m, contact, ctx.accountId);
  if (change) return [change];
  if (Object.hasOwn(NOT_CONTENT, m.type)) return [unknown(ctx, `${NOT_CONTENT[m.type]} not handled`, item)];
  return [messageEvent(m, item, ctx.accountId, contact, 'inbound')];
}

/** Messages typed in the WhatsApp Business app of a Coexistence number (FACTS 4.1 Echo, pitfall 14). */
export function echoMessageEvents(item: unknown, ctx: MessageContext): NormalizedEvent[] {
  const parsed = EchoSchema.safeParse(item);
  if (!parsed.success) return [unknown(ctx, 'malformed message echo', item)];
  const m = parsed.data;
  const to = m.to ?? m.to_user_id;
  if (!to) return [unknown(ctx, 'message echo without a recipient', item)];
  // A reaction the business made is not a customer's reaction: the contract has no place for it.
  if (m.type === 'reaction') return [unknown(ctx, 'echo of a business reaction not handled', item)];
  const contact: ContactRef = { platformUserId: to };
  if (m.to && /^\d+$/.test(m.to)) contact.phone = `+${m.to}`;
  // The business deleted or edited its message in the WhatsApp Business app.
  const change = changeEvent(m, contact, ctx.accountId);
  if (change) return [change];
  return [messageEvent(m, item, ctx.accountId, contact, 'outbound')];
}

function messageEvent(m: WaMessage, item: unknown, accountId: string, contact: ContactRef, direction: MessageEvent['direction']): MessageEvent {
  const content = whatsappContent(m);
  const metadata: Record<string, unknown> = { ...content?.metadata };
  // BSUID beside the phone number: kept so contacts can be merged later (FACTS 4.1, pitfall 21).
  if (m.from && m.from_user_id) metadata['user_id'] = m.from_user_id;
  if (m.context?.forwarded) metadata['forwarded'] = true;
  if (m.context?.frequently_forwarded) metadata['frequently_forwarded'] = true;
  if (m.context?.referred_product) metadata['referred_product'] = m.context.referred_product;
  if (m.errors && m.errors.length > 0) metadata['errors'] = m.errors;

  const event: MessageEvent = {
    kind: 'message',
    accountId,
    externalId: m.id,
    direction,
    contact,
    timestamp: m.timestamp,
    contentType: content?.contentType ?? 'unsupported',
  };
  if (content?.text !== undefined) event.text = content.text;
  if (content?.media) event.media = content.media;
  if (content?.location) event.location = content.location;
  if (content?.contacts) event.contacts = content.contacts;
  if (m.context?.id) event.replyToExternalId = m.context.id;
  if (m.referral) event.referral = m.referral;
  if (!content) event.raw = item;
  if (Object.keys(metadata).length > 0) event.metadata = metadata;
  return event;
}

/**
 * wa_id is the id (it may differ from the number typed, FACTS pitfall 21) and, as +E.164, the
 * phone; users known only by BSUID have no phone. The profile is the `contacts[]` entry with the
 * same wa_id / user_id, or the only one when it names no wa_id.
 */
function senderContact(m: WaMessage, platformUserId: string, contacts: WaContact[]): ContactRef {
  const only = contacts.length === 1 && !contacts[0]?.wa_id ? contacts[0] : undefined;
  const profile = contacts.find((c) => (m.from && c.wa_id === m.from) || (m.from_user_id && c.user_id === m.from_user_id)) ?? only;
  const contact: ContactRef = { platformUserId };
  if (m.from && /^\d+$/.test(m.from)) contact.phone = `+${m.from}`;
  if (profile?.profile?.name) contact.displayName = profile.profile.name;
  if (profile?.profile?.username) contact.username = profile.profile.username;
  return contact;
}

function unknown(ctx: MessageContext, reason: string, raw: unknown): NormalizedEvent {
  return { kind: 'unknown', accountId: ctx.accountId, reason: `whatsapp: ${reason}`, raw };
}
