import type { ContactDetail } from '../../contract/contact-records.ts';
import type { Db } from '../../db/database.ts';
import { notFound } from '../errors/app-error.ts';
import { avatarPathSql } from './avatar-path.ts';
import { contactNameSql } from './contact-sql.ts';

/** One contact with every identity across platforms and the conversation each one has. */
export async function getContact(db: Db, organizationId: number, contactId: number): Promise<ContactDetail> {
  const p = await db
    .selectFrom('contacts as p')
    .select(['p.id', 'p.display_name', 'p.email', 'p.phone', 'p.labels', 'p.attributes', 'p.created_at'])
    .select(contactNameSql.as('name'))
    .where('p.id', '=', contactId)
    .where('p.organization_id', '=', organizationId)
    .where('p.erased_at', 'is', null)
    .executeTakeFirst();
  if (!p) throw notFound('contact');
  const identities = await contactIdentities(db, organizationId, contactId);
  const conversations = await db
    .selectFrom('conversations as c')
    .innerJoin('channels as ch', 'ch.id', 'c.channel_id')
    .select(['c.id', 'c.contact_identity_id as identityId', 'ch.platform', 'ch.display_name as channelName', 'c.status', 'c.last_message_at as lastMessageAt'])
    .where('c.contact_id', '=', contactId)
    .where('c.organization_id', '=', organizationId)
    .orderBy('c.last_message_at', (ob) => ob.desc().nullsLast())
    .orderBy('c.id', 'desc')
    .execute();
  return {
    id: p.id,
    name: p.name,
    displayName: p.display_name,
    email: p.email,
    phone: p.phone,
    avatarUrl: identities.find((i) => i.avatarUrl)?.avatarUrl ?? null,
    labels: p.labels,
    attributes: p.attributes,
    identities,
    conversations: conversations.map((c) => ({ ...c, lastMessageAt: c.lastMessageAt?.toISOString() ?? null })),
    createdAt: p.created_at.toISOString(),
  };
}

export function contactIdentities(db: Db, organizationId: number, contactId: number) {
  return db
    .selectFrom('contact_identities as i')
    .innerJoin('channels as ch', 'ch.id', 'i.channel_id')
    .select(['i.id', 'i.platform', 'i.platform_user_id as platformUserId', 'i.username', 'i.display_name as displayName', 'i.phone', 'ch.display_name as channelName', 'ch.id as channelId'])
    .select(avatarPathSql('i').as('avatarUrl'))
    .where('i.contact_id', '=', contactId)
    .where('i.organization_id', '=', organizationId)
    .orderBy('i.id')
    .execute();
}
