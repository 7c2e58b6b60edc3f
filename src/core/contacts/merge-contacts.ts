import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { recordAuditIn } from './record-contact-audit.ts';
import { AppError } from '../errors/app-error.ts';
import { announceConversations } from './contact-events.ts';
import { lockContacts } from './contact-sql.ts';

export interface Actor {
  organizationId: number;
  userId: number;
}

/**
 * `other` becomes part of `survivor`: its identities (with their conversations), notes, labels
 * and attributes move over (the survivor's own attribute values win), the survivor takes the
 * name, e-mail, phone and picture it lacks, and `other` is deleted. One transaction, recorded in
 * the audit log. Both contacts must be the organisation's (else 404).
 */
export async function mergeContacts(db: Db, actor: Actor, survivorId: number, otherId: number): Promise<void> {
  if (survivorId === otherId) throw new AppError('VALIDATION_FAILED', 'a contact cannot be merged into itself');
  await db.transaction().execute(async (trx) => {
    const moved = await mergeInto(trx, actor.organizationId, survivorId, otherId);
    await recordAuditIn(trx, actor, 'contact.merged', { contactId: survivorId, mergedContactId: otherId, identities: moved.identities, conversations: moved.conversations.length });
    await announceConversations(trx, actor.organizationId, moved.conversations);
  });
}

/** The merge itself, inside the caller's transaction (linking an identity ends with one when its old contact is left empty). */
export async function mergeInto(trx: Transaction<Database>, organizationId: number, survivorId: number, otherId: number) {
  const locked = await lockContacts(trx, organizationId, [survivorId, otherId]);
  const survivor = locked.get(survivorId)!;
  const other = locked.get(otherId)!;
  const identities = await trx.updateTable('contact_identities').set({ contact_id: survivorId, updated_at: new Date() }).where('contact_id', '=', otherId).returning('id').execute();
  const conversations = await trx.updateTable('conversations').set({ contact_id: survivorId, updated_at: new Date() }).where('contact_id', '=', otherId).returning('id').execute();
  await trx.updateTable('contact_notes').set({ contact_id: survivorId }).where('contact_id', '=', otherId).execute();
  // A dismissal that named `other` now concerns the survivor: "not the same person" still holds.
  await sql`
    insert into contact_suggestion_dismissals (organization_id, contact_a, contact_b, dismissed_by)
    select organization_id, least(${survivorId}::bigint, case when contact_a = ${otherId} then contact_b else contact_a end),
           greatest(${survivorId}::bigint, case when contact_a = ${otherId} then contact_b else contact_a end), dismissed_by
      from contact_suggestion_dismissals
     where organization_id = ${organizationId} and (contact_a = ${otherId} or contact_b = ${otherId})
       and contact_a <> contact_b and ${survivorId} not in (contact_a, contact_b)
    on conflict do nothing
  `.execute(trx);
  await trx
    .updateTable('contacts')
    .set({
      display_name: survivor.display_name ?? other.display_name,
      email: survivor.email ?? other.email,
      phone: survivor.phone ?? other.phone,
      avatar_url: survivor.avatar_url ?? other.avatar_url,
      labels: [...new Set([...survivor.labels, ...other.labels])],
      attributes: JSON.stringify({ ...other.attributes, ...survivor.attributes }),
      updated_at: new Date(),
    })
    .where('id', '=', survivorId)
    .execute();
  await trx.deleteFrom('contacts').where('id', '=', otherId).execute();
  return { identities: identities.length, conversations: conversations.map((c) => c.id) };
}
