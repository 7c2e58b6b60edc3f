import type { Transaction } from 'kysely';
import type { ContactRef } from '../../channels/types.ts';
import type { Channel, Conversation, ContactIdentity, Database } from '../../db/schema.ts';

type Trx = Transaction<Database>;

/**
 * The customer's identity on this channel, created on first contact. Concurrent first messages
 * from one customer make one identity: the unique key (channel_id, platform_user_id) decides, and
 * the loser of the race adopts the winner's row.
 */
export async function upsertIdentity(trx: Trx, channel: Channel, ref: ContactRef): Promise<ContactIdentity> {
  const profile = {
    ...(ref.username !== undefined && { username: ref.username }),
    ...(ref.displayName !== undefined && { display_name: ref.displayName }),
    ...(ref.avatarUrl !== undefined && { avatar_url: ref.avatarUrl }),
    ...(ref.phone !== undefined && { phone: ref.phone }),
  };
  const existing = await trx
    .selectFrom('contact_identities')
    .selectAll()
    .where('channel_id', '=', channel.id)
    .where('platform_user_id', '=', ref.platformUserId)
    .executeTakeFirst();
  if (existing) {
    const changed = Object.entries(profile).some(([k, v]) => existing[k as keyof ContactIdentity] !== v);
    if (!changed) return existing;
    const updated = await trx
      .updateTable('contact_identities')
      .set({ ...profile, updated_at: new Date() })
      .where('id', '=', existing.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await refreshContactFromIdentity(trx, updated);
    return updated;
  }

  const contact = await trx
    .insertInto('contacts')
    .values({
      organization_id: channel.organization_id,
      display_name: ref.displayName ?? ref.username ?? null,
      avatar_url: ref.avatarUrl ?? null,
      phone: ref.phone ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const inserted = await trx
    .insertInto('contact_identities')
    .values({
      organization_id: channel.organization_id,
      contact_id: contact.id,
      channel_id: channel.id,
      platform: channel.platform,
      platform_user_id: ref.platformUserId,
      username: ref.username ?? null,
      display_name: ref.displayName ?? null,
      avatar_url: ref.avatarUrl ?? null,
      phone: ref.phone ?? null,
    })
    .onConflict((oc) => oc.columns(['channel_id', 'platform_user_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return inserted;
  // Another transaction created it first (we waited on its commit): drop our contact, use theirs.
  await trx.deleteFrom('contacts').where('id', '=', contact.id).execute();
  return trx
    .selectFrom('contact_identities')
    .selectAll()
    .where('channel_id', '=', channel.id)
    .where('platform_user_id', '=', ref.platformUserId)
    .executeTakeFirstOrThrow();
}

/** Keep the person's name, avatar and phone filled from the identity when the contact lacks them. */
async function refreshContactFromIdentity(trx: Trx, identity: ContactIdentity): Promise<void> {
  await trx
    .updateTable('contacts')
    .set((eb) => ({
      display_name: eb.fn.coalesce(eb.val(identity.display_name ?? identity.username), 'display_name'),
      avatar_url: eb.fn.coalesce(eb.val(identity.avatar_url), 'avatar_url'),
      phone: eb.fn.coalesce('phone', eb.val(identity.phone)),
      updated_at: new Date(),
    }))
    .where('id', '=', identity.contact_id)
    .execute();
}

/**
 * The thread of (channel, identity), created on first contact. The upsert returns the row in all
 * cases and locks it until commit, so counters updated after it never race.
 */
export async function upsertConversation(trx: Trx, channel: Channel, identity: ContactIdentity): Promise<Conversation> {
  return trx
    .insertInto('conversations')
    .values({
      organization_id: channel.organization_id,
      channel_id: channel.id,
      contact_identity_id: identity.id,
      contact_id: identity.contact_id,
    })
    .onConflict((oc) => oc.columns(['channel_id', 'contact_identity_id']).doUpdateSet((eb) => ({ updated_at: eb.ref('conversations.updated_at') })))
    .returningAll()
    .executeTakeFirstOrThrow();
}
