import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { AppError } from '../errors/app-error.ts';
import { appendEvents } from '../events/event-log.ts';
import type { MediaStore } from '../media/media-store.ts';
import { isStorageKey } from '../media/media-store.ts';
import { announceConversations } from './contact-events.ts';
import { contactNameSql, lockContact } from './contact-sql.ts';
import type { Actor } from './merge-contacts.ts';
import { recordAuditIn } from './record-contact-audit.ts';

export interface Erased {
  messages: number;
  identities: number;
  conversations: number;
  files: number;
}

/**
 * A privacy request's erasure. In one transaction: every message of the contact's conversations
 * is deleted, the conversations are closed (resolved, emptied: no preview, nothing unread or
 * waiting), the identities are emptied of everything that names the person (name, username,
 * phone, picture, and the platform's id for them, so a new message from them starts a new
 * contact), notes, attributes and labels go, and the contact stays only as an erased tombstone
 * (the closed conversations still point at it). Recorded in the audit log with counts only.
 * After the commit, the files the messages and pictures used are removed through the media
 * store, so their bytes go too, whichever store holds them.
 *
 * What "identities removed" means: every identity row is emptied of the person (platform id
 * included) and left as a nameless key, because each closed conversation must name one
 * (conversations.contact_identity_id; deleting the identities would delete the conversations the
 * issue keeps, closed). No contact has them any more, so none can be linked or looked up again,
 * and the closed conversations take no reply or note (queue-reply.ts refuses them with 409).
 *
 * `confirm` must be the contact's name as the UI shows it: a second check, on the server, that
 * the agent meant this contact.
 */
export async function eraseContact(deps: { db: Db; store: MediaStore; log: { warn(o: object, m: string): void } }, actor: Actor, contactId: number, confirm: string): Promise<Erased> {
  const { erased, keys } = await deps.db.transaction().execute(async (trx) => {
    await lockContact(trx, actor.organizationId, contactId);
    const named = await trx.selectFrom('contacts as p').select(contactNameSql.as('name')).where('p.id', '=', contactId).executeTakeFirstOrThrow();
    if (confirm.trim() !== named.name.trim()) throw new AppError('VALIDATION_FAILED', 'type the contact’s name exactly to erase them', { field: 'confirm', reason: 'ERASE_NAME_MISMATCH' });
    const conversations = (await trx.selectFrom('conversations').select('id').where('contact_id', '=', contactId).execute()).map((c) => c.id);
    const messageKeys = conversations.length
      ? await sql<{
          key: string;
        }>`select distinct item->>'storageKey' as key from messages m, jsonb_array_elements(m.media) item where m.conversation_id = any(${conversations}::bigint[]) and item ? 'storageKey'`.execute(
          trx,
        )
      : { rows: [] };
    const avatarKeys = await trx.selectFrom('contact_identities').select('avatar_storage_key as key').where('contact_id', '=', contactId).where('avatar_storage_key', 'is not', null).execute();
    const deleted = conversations.length ? await trx.deleteFrom('messages').where('conversation_id', 'in', conversations).returning(['id', 'conversation_id']).execute() : [];
    if (conversations.length) {
      await trx
        .updateTable('conversations')
        .set({ status: 'resolved', snoozed_until: null, unread_count: 0, last_message_id: null, last_message_preview: null, waiting_since: null, labels: [], updated_at: new Date() })
        .where('id', 'in', conversations)
        .execute();
    }
    const identities = await trx
      .updateTable('contact_identities')
      .set((eb) => ({
        platform_user_id: sql<string>`'erased-' || ${eb.ref('id')}`,
        username: null,
        display_name: null,
        avatar_url: null,
        avatar_storage_key: null,
        phone: null,
        // never looked up again: there is nobody to look up
        profile_fetched_at: new Date(),
        updated_at: new Date(),
      }))
      .where('contact_id', '=', contactId)
      .returning('id')
      .execute();
    await trx.deleteFrom('contact_notes').where('contact_id', '=', contactId).execute();
    await trx
      .updateTable('contacts')
      .set({ display_name: null, avatar_url: null, phone: null, email: null, labels: [], attributes: '{}', erased_at: new Date(), updated_at: new Date() })
      .where('id', '=', contactId)
      .execute();
    const keys = [...new Set([...messageKeys.rows.map((r) => r.key), ...avatarKeys.map((r) => r.key!)])].filter(isStorageKey);
    const erased: Erased = { messages: deleted.length, identities: identities.length, conversations: conversations.length, files: keys.length };
    await recordAuditIn(trx, actor, 'contact.erased', { contactId, ...erased });
    await appendEvents(
      trx,
      actor.organizationId,
      deleted.map((m) => ({ type: 'message:deleted' as const, payload: { messageId: m.id, conversationId: m.conversation_id } })),
    );
    await announceConversations(trx, actor.organizationId, conversations);
    return { erased, keys };
  });
  for (const key of keys) {
    // A file that cannot be removed now is logged; the erasure itself is committed and recorded.
    await deps.store.remove(key).catch((err: unknown) => deps.log.warn({ err, storageKey: key }, 'erasing a contact: a file could not be removed'));
  }
  return erased;
}
