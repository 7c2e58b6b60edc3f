import { sql } from 'kysely';
import type { ContactRow } from '../../contract/contact-records.ts';
import type { Db } from '../../db/database.ts';
import type { Platform } from '../../db/schema.ts';
import { contactNameSql } from './contact-sql.ts';

export interface ContactFilter {
  q?: string;
  label?: string;
  platform?: Platform;
  limit: number;
  cursor?: number;
}

/** `%text%` for ILIKE, with the pattern characters the agent typed taken literally. */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Every contact of the organisation, newest first (keyset on id), found by any part of a name,
 * username, phone, e-mail or platform id (the trigram indexes of migration 0003 serve the
 * expressions used here), by label (the contact's, or one of their conversations'), or by
 * platform. Erased contacts are not listed.
 */
export async function listContacts(db: Db, organizationId: number, filter: ContactFilter): Promise<{ contacts: ContactRow[]; nextCursor: number | null }> {
  let q = db.selectFrom('contacts as p').where('p.organization_id', '=', organizationId).where('p.erased_at', 'is', null);
  if (filter.cursor) q = q.where('p.id', '<', filter.cursor);
  if (filter.q) {
    const like = containsPattern(filter.q);
    q = q.where(
      sql<boolean>`((coalesce(p.display_name, '') || ' ' || coalesce(p.phone, '')) ilike ${like}
        or p.email ilike ${like}
        or exists (select 1 from contact_identities i where i.contact_id = p.id
          and (coalesce(i.display_name, '') || ' ' || coalesce(i.username, '') || ' ' || coalesce(i.phone, '') || ' ' || i.platform_user_id) ilike ${like}))`,
    );
  }
  if (filter.label) {
    const label = filter.label;
    q = q.where(sql<boolean>`(p.labels @> array[${label}]::text[] or exists (select 1 from conversations c where c.contact_id = p.id and c.labels @> array[${label}]::text[]))`);
  }
  if (filter.platform) q = q.where(sql<boolean>`exists (select 1 from contact_identities i where i.contact_id = p.id and i.platform = ${filter.platform})`);
  const ids = await q
    .select('p.id')
    .orderBy('p.id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  const page = ids.slice(0, filter.limit).map((r) => r.id);
  return { contacts: await contactRows(db, organizationId, page), nextCursor: ids.length > filter.limit ? page.at(-1)! : null };
}

/** The contacts' list rows, in the order of `ids`. */
export async function contactRows(db: Db, organizationId: number, ids: number[]): Promise<ContactRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('contacts as p')
    .where('p.organization_id', '=', organizationId)
    .where('p.id', 'in', ids)
    .select(['p.id', 'p.email', 'p.phone', 'p.labels'])
    .select(contactNameSql.as('name'))
    .select(
      sql<string | null>`(select '/api/v1/contacts/identities/' || i.id || '/avatar' from contact_identities i where i.contact_id = p.id and i.avatar_url is not null order by i.id limit 1)`.as(
        'avatarUrl',
      ),
    )
    .select(sql<string[]>`array(select distinct i.username from contact_identities i where i.contact_id = p.id and i.username is not null order by 1)`.as('usernames'))
    .select(sql<Platform[]>`array(select distinct i.platform from contact_identities i where i.contact_id = p.id order by 1)`.as('platforms'))
    .select(sql<Date | null>`(select max(c.last_message_at) from conversations c where c.contact_id = p.id)`.as('lastMessageAt'))
    .execute();
  const byId = new Map(rows.map((r) => [r.id, { ...r, lastMessageAt: r.lastMessageAt ? new Date(r.lastMessageAt).toISOString() : null }]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
