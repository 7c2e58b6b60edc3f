import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { notFound } from '../errors/app-error.ts';

/**
 * What the UI calls a contact (alias `p` for contacts): their own name, else the first
 * identity's name, username, phone or platform id. Erasing asks the agent to type it.
 */
export const contactNameSql = sql<string>`coalesce(p.display_name, (
  select coalesce(i.display_name, i.username, i.phone, i.platform_user_id) from contact_identities i where i.contact_id = p.id order by i.id limit 1
), 'Contact ' || p.id)`;

/** A phone number reduced to its digits, as the suggestion index (migration 0019) has it. */
export const phoneDigitsSql = (column: string) => sql<string>`regexp_replace(${sql.ref(column)}, '\\D', '', 'g')`;

/** The contact, locked for the rest of the transaction; another organisation's (or an erased one) is not found. */
export async function lockContact(trx: Transaction<Database>, organizationId: number, contactId: number) {
  const row = await trx.selectFrom('contacts').selectAll().where('id', '=', contactId).where('organization_id', '=', organizationId).where('erased_at', 'is', null).forUpdate().executeTakeFirst();
  if (!row) throw notFound('contact');
  return row;
}

/** Several contacts locked in id order (two merges of the same pair never deadlock). */
export async function lockContacts(trx: Transaction<Database>, organizationId: number, ids: number[]) {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const rows = [];
  for (const id of sorted) rows.push(await lockContact(trx, organizationId, id));
  return new Map(rows.map((r) => [r.id, r]));
}
