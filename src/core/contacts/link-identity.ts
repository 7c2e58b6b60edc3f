import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { announceConversations } from './contact-events.ts';
import { lockContact, lockContacts } from './contact-sql.ts';
import { mergeInto, type Actor } from './merge-contacts.ts';
import { recordAuditIn } from './record-contact-audit.ts';

/**
 * The identity (someone on one channel) becomes part of the contact, with its conversations. When
 * its old contact is left with no identity, that contact is merged in too, so nothing kept about
 * it (notes, attributes, labels) is lost. Another organisation's contact or identity is 404.
 */
export async function linkIdentity(db: Db, actor: Actor, contactId: number, identityId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const identity = await trx.selectFrom('contact_identities').select(['id', 'contact_id']).where('id', '=', identityId).where('organization_id', '=', actor.organizationId).executeTakeFirst();
    if (!identity) throw notFound('identity');
    const from = identity.contact_id;
    if (from === contactId) {
      await lockContact(trx, actor.organizationId, contactId);
      return;
    }
    await lockContacts(trx, actor.organizationId, [contactId, from]);
    const took = await trx.updateTable('contact_identities').set({ contact_id: contactId, updated_at: new Date() }).where('id', '=', identityId).where('contact_id', '=', from).executeTakeFirst();
    // Someone moved it between the read and the locks: the agent should look again.
    if (Number(took.numUpdatedRows) !== 1) throw new AppError('CONFLICT', 'the identity was just moved to another contact; try again');
    const moved = await trx.updateTable('conversations').set({ contact_id: contactId, updated_at: new Date() }).where('contact_identity_id', '=', identityId).returning('id').execute();
    const left = await trx.selectFrom('contact_identities').select('id').where('contact_id', '=', from).limit(1).executeTakeFirst();
    const conversations = moved.map((c) => c.id);
    if (!left) conversations.push(...(await mergeInto(trx, actor.organizationId, contactId, from)).conversations);
    await recordAuditIn(trx, actor, 'contact.linked', { contactId, identityId, fromContactId: from, fromContactMerged: !left });
    await announceConversations(trx, actor.organizationId, conversations);
  });
}

/**
 * The identity leaves the contact and becomes a contact of its own again (named, pictured and
 * phoned as the identity is), with its conversations. The pair is remembered as dismissed, so the
 * same match is not suggested again. A contact's only identity cannot be unlinked (409).
 */
export async function unlinkIdentity(db: Db, actor: Actor, contactId: number, identityId: number): Promise<{ contactId: number }> {
  return db.transaction().execute(async (trx) => {
    await lockContact(trx, actor.organizationId, contactId);
    const identity = await trx
      .selectFrom('contact_identities')
      .select(['id', 'display_name', 'username', 'avatar_url', 'phone'])
      .where('id', '=', identityId)
      .where('contact_id', '=', contactId)
      .where('organization_id', '=', actor.organizationId)
      .executeTakeFirst();
    if (!identity) throw notFound('identity');
    const others = await trx.selectFrom('contact_identities').select('id').where('contact_id', '=', contactId).where('id', '<>', identityId).limit(1).executeTakeFirst();
    if (!others) throw new AppError('CONFLICT', 'this is the contact’s only identity; it is already a contact of its own');
    const created = await trx
      .insertInto('contacts')
      .values({ organization_id: actor.organizationId, display_name: identity.display_name ?? identity.username, avatar_url: identity.avatar_url, phone: identity.phone })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('contact_identities').set({ contact_id: created.id, updated_at: new Date() }).where('id', '=', identityId).execute();
    const moved = await trx.updateTable('conversations').set({ contact_id: created.id, updated_at: new Date() }).where('contact_identity_id', '=', identityId).returning('id').execute();
    await sql`
      insert into contact_suggestion_dismissals (organization_id, contact_a, contact_b, dismissed_by)
      values (${actor.organizationId}, ${Math.min(contactId, created.id)}, ${Math.max(contactId, created.id)}, ${actor.userId})
      on conflict do nothing
    `.execute(trx);
    await recordAuditIn(trx, actor, 'contact.unlinked', { contactId, identityId, newContactId: created.id });
    await announceConversations(
      trx,
      actor.organizationId,
      moved.map((c) => c.id),
    );
    return { contactId: created.id };
  });
}
