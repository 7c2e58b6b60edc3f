import { sql, type Transaction } from 'kysely';
import type { ContactRef, IdentityChangeEvent } from '../../channels/types.ts';
import type { Channel, ContactIdentity, Conversation, Database } from '../../db/schema.ts';
import { conversationFieldsDto, messageDto } from '../conversations/dto.ts';
import type { Applied } from './apply-event.ts';

type Trx = Transaction<Database>;

/**
 * A customer's platform id changed (WhatsApp number change). The thread continues: the new
 * identity joins the old one's contact, and the old identity's thread moves to it, so the next
 * message from the new number lands in the same thread and replies go to the new number. When
 * the new number already has a thread of its own (it wrote before the notice arrived), both
 * threads stay, under one contact. The notice is stored in the thread as a `system` message that
 * changes neither the unread count nor the reply window: the customer wrote nothing.
 * Idempotent: a redelivered notice is found by its id and changes nothing.
 */
export async function applyIdentityChange(trx: Trx, channel: Channel, event: IdentityChangeEvent, receivedAt: Date): Promise<Applied> {
  const known = await trx.selectFrom('messages').select('id').where('channel_id', '=', channel.id).where('external_id', '=', event.externalId).executeTakeFirst();
  if (known) return { events: [], mediaToFetch: [] };

  const old = await findIdentity(trx, channel.id, event.contact.platformUserId);
  let target: ContactIdentity;
  if (event.newContact) {
    target = await linkNewIdentity(trx, channel, old, event.newContact);
    if (old && old.id !== target.id) {
      // the old thread moves to the new identity unless the new one already has a thread
      await sql`
        update conversations set contact_identity_id = ${target.id}, updated_at = now()
         where channel_id = ${channel.id} and contact_identity_id = ${old.id}
           and not exists (select 1 from conversations c where c.channel_id = ${channel.id} and c.contact_identity_id = ${target.id})
      `.execute(trx);
      if (event.newContact.phone) {
        await trx
          .updateTable('contacts')
          .set({ phone: event.newContact.phone, updated_at: new Date() })
          .where('id', '=', target.contact_id)
          .where((eb) => eb.or([eb('phone', 'is', null), eb('phone', '=', old.phone ?? '')]))
          .execute();
      }
    }
  } else {
    target = old ?? (await upsertIdentity(trx, channel, event.contact));
  }

  const conversation = await ensureConversation(trx, channel, target);
  const metadata: Record<string, unknown> = {
    system: { ...(event.changeType && { type: event.changeType }), previousId: event.contact.platformUserId, ...(event.newContact && { newId: event.newContact.platformUserId }) },
  };
  const row = await trx
    .insertInto('messages')
    .values({
      organization_id: channel.organization_id,
      conversation_id: conversation.id,
      channel_id: channel.id,
      direction: 'inbound',
      content: event.text ?? null,
      content_type: 'system',
      metadata: JSON.stringify(metadata),
      status: 'delivered',
      external_id: event.externalId,
      raw: JSON.stringify(event.raw),
      platform_timestamp: new Date(event.timestamp ?? receivedAt.getTime()),
    })
    .onConflict((oc) => oc.columns(['channel_id', 'external_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) return { events: [], mediaToFetch: [] };
  return { events: [{ type: 'new:message', payload: { message: messageDto(row), conversation: conversationFieldsDto(conversation) } }], mediaToFetch: [] };
}

/** The new identity, on the old identity's contact: created from the old one, or an existing one moved over. */
async function linkNewIdentity(trx: Trx, channel: Channel, old: ContactIdentity | undefined, ref: ContactRef): Promise<ContactIdentity> {
  const existing = await findIdentity(trx, channel.id, ref.platformUserId);
  if (!old) return existing ?? upsertIdentity(trx, channel, ref);
  if (!existing) {
    const created = await trx
      .insertInto('contact_identities')
      .values({
        organization_id: channel.organization_id,
        contact_id: old.contact_id,
        channel_id: channel.id,
        platform: channel.platform,
        platform_user_id: ref.platformUserId,
        username: old.username,
        display_name: old.display_name,
        avatar_url: old.avatar_url,
        phone: ref.phone ?? null,
      })
      .onConflict((oc) => oc.columns(['channel_id', 'platform_user_id']).doNothing())
      .returningAll()
      .executeTakeFirst();
    // a message from the new number created it meanwhile: link that one
    if (created) return created;
    return linkNewIdentity(trx, channel, old, ref);
  }
  if (existing.contact_id !== old.contact_id) {
    const orphan = existing.contact_id;
    await trx.updateTable('contact_identities').set({ contact_id: old.contact_id, updated_at: new Date() }).where('id', '=', existing.id).execute();
    await trx.updateTable('conversations').set({ contact_id: old.contact_id, updated_at: new Date() }).where('contact_identity_id', '=', existing.id).execute();
    await sql`delete from contacts where id = ${orphan} and not exists (select 1 from contact_identities where contact_id = ${orphan})`.execute(trx);
    return { ...existing, contact_id: old.contact_id };
  }
  return existing;
}

function findIdentity(trx: Trx, channelId: number, platformUserId: string): Promise<ContactIdentity | undefined> {
  return trx.selectFrom('contact_identities').selectAll().where('channel_id', '=', channelId).where('platform_user_id', '=', platformUserId).executeTakeFirst();
}

async function upsertIdentity(trx: Trx, channel: Channel, ref: ContactRef): Promise<ContactIdentity> {
  const { rows } = await sql<ContactIdentity>`
    select * from snorq_upsert_identity(${channel.id}, ${channel.organization_id}, ${channel.platform}, ${JSON.stringify(ref)}::jsonb)
  `.execute(trx);
  return rows[0]!;
}

async function ensureConversation(trx: Trx, channel: Channel, identity: ContactIdentity): Promise<Conversation> {
  const find = () => trx.selectFrom('conversations').selectAll().where('channel_id', '=', channel.id).where('contact_identity_id', '=', identity.id).executeTakeFirst();
  const found = await find();
  if (found) return found;
  const created = await trx
    .insertInto('conversations')
    .values({ organization_id: channel.organization_id, channel_id: channel.id, contact_identity_id: identity.id, contact_id: identity.contact_id })
    .onConflict((oc) => oc.columns(['channel_id', 'contact_identity_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return created ?? (await find())!;
}
