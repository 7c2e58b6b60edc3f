import type { ContactRef, NormalizedEvent } from '../types.ts';
import { EditSchema, MediaSchema, RevokeSchema, SystemSchema, TextSchema, type WaMessage } from './schemas.ts';

/**
 * WhatsApp messages that change earlier ones rather than add content: `revoke` (the sender deleted
 * a message), `edit` (the sender changed its text or caption), and `system` (the customer's number
 * or business-scoped id changed). Meta documents revoke and edit for Coexistence numbers only,
 * inbound and as `smb_message_echoes` (the business deleted or edited in its app).
 * Undefined means the item is not readable as such a change: the caller keeps it as a message.
 */
export function changeEvent(m: WaMessage, contact: ContactRef, accountId: string): NormalizedEvent | undefined {
  const body: unknown = m[m.type];
  if (m.type === 'revoke') {
    const r = RevokeSchema.safeParse(body);
    if (!r.success) return undefined;
    return { kind: 'unsend', accountId, contact, targetExternalId: r.data.original_message_id, timestamp: m.timestamp };
  }
  if (m.type === 'edit') {
    const e = EditSchema.safeParse(body);
    if (!e.success || !e.data.original_message_id) return undefined;
    const edited = editedText(e.data.message ?? (body as Record<string, unknown>));
    if (!edited) return undefined;
    return { kind: 'edit', accountId, contact, targetExternalId: e.data.original_message_id, text: edited.text, ...(edited.caption && { caption: true }), timestamp: m.timestamp };
  }
  return undefined;
}

/** The edited message's text, or its media caption. Both readings of a text edit are accepted: `text.body` and a bare string. */
function editedText(message: Record<string, unknown>): { text: string; caption: boolean } | undefined {
  const text = TextSchema.safeParse(message['text']);
  if (text.success) return { text: text.data.body, caption: false };
  if (typeof message['text'] === 'string') return { text: message['text'], caption: false };
  const type = typeof message['type'] === 'string' ? message['type'] : undefined;
  for (const key of type ? [type] : ['image', 'video', 'document']) {
    const media = MediaSchema.partial().safeParse(message[key]);
    if (media.success && typeof media.data.caption === 'string') return { text: media.data.caption, caption: true };
  }
  return undefined;
}

/**
 * A `system` notice. For a number change the old id is `from` and the new one `system.wa_id`
 * (`new_wa_id` before Graph v12). For a BSUID change the identity moves only when snorq knows the
 * customer by BSUID (no phone): from `previous_user_id` (or `from_user_id`) to `system.user_id`.
 */
export function systemEvent(m: WaMessage, item: unknown, accountId: string): NormalizedEvent | undefined {
  const s = SystemSchema.safeParse(m.system);
  const system = s.success ? s.data : {};
  const changeType = system.type ?? undefined;
  let oldId: string | undefined;
  let newId: string | undefined;
  if (changeType?.includes('user_id')) {
    oldId = m.from ?? system.previous_user_id ?? m.from_user_id ?? undefined;
    newId = m.from ? undefined : (system.user_id ?? undefined);
  } else {
    oldId = m.from ?? m.from_user_id ?? undefined;
    newId = system.wa_id ?? system.new_wa_id ?? undefined;
  }
  if (!oldId) return undefined;
  const contact: ContactRef = { platformUserId: oldId };
  if (/^\d+$/.test(oldId)) contact.phone = `+${oldId}`;
  const event: NormalizedEvent = { kind: 'identity_change', accountId, externalId: m.id, contact, raw: item };
  if (newId && newId !== oldId) {
    event.newContact = { platformUserId: newId };
    if (/^\d+$/.test(newId)) event.newContact.phone = `+${newId}`;
  }
  if (system.body) event.text = system.body;
  if (changeType) event.changeType = changeType;
  if (m.timestamp !== undefined) event.timestamp = m.timestamp;
  return event;
}
