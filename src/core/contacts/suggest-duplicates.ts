import { sql } from 'kysely';
import type { Suggestion } from '../../contract/contact-records.ts';
import type { Db } from '../../db/database.ts';
import { lockContacts } from './contact-sql.ts';
import { contactRows } from './list-contacts.ts';
import type { Actor } from './merge-contacts.ts';

/** Names at least this similar (pg_trgm's similarity, 0–1) count as "strongly similar". */
export const NAME_SIMILARITY = 0.8;
/** Fewer digits than this are not a phone number worth matching on (short codes, extensions). */
const MIN_PHONE_DIGITS = 7;

type Reason = 'phone' | 'email' | 'name';

/**
 * Pairs of contacts that may be one person: the same e-mail (case aside), the same phone number
 * (digits only; from the contact or any of its identities), or strongly similar names (pg_trgm,
 * through the trigram index of migration 0019). A pair an agent dismissed is never suggested
 * again. Newest pairs first.
 */
export async function suggestDuplicates(db: Db, organizationId: number, limit = 50): Promise<Suggestion[]> {
  const pairs = await db.transaction().execute(async (trx) => {
    // `%` (the indexable similarity test) reads its threshold from this setting.
    await sql`select set_config('pg_trgm.similarity_threshold', ${String(NAME_SIMILARITY)}, true)`.execute(trx);
    const { rows } = await sql<{ a: number; b: number; reasons: Reason[]; similarity: number | null }>`
      with live as (
        select id, email, phone, display_name from contacts where organization_id = ${organizationId} and erased_at is null
      ), keys as (
        select id as contact_id, 'email' as reason, lower(email) as value from live where email is not null
        union
        select id, 'phone', regexp_replace(phone, '\\D', '', 'g') from live where phone is not null
        union
        select i.contact_id, 'phone', regexp_replace(i.phone, '\\D', '', 'g')
          from contact_identities i join live on live.id = i.contact_id
         where i.organization_id = ${organizationId} and i.phone is not null
      ), usable as (
        select * from keys where reason = 'email' or length(value) >= ${MIN_PHONE_DIGITS}
      ), pairs as (
        select x.contact_id as a, y.contact_id as b, x.reason
          from usable x join usable y on x.reason = y.reason and x.value = y.value and x.contact_id < y.contact_id
        union
        select x.id, y.id, 'name'
          from contacts x join contacts y on lower(x.display_name) % lower(y.display_name) and x.id < y.id
         where x.organization_id = ${organizationId} and y.organization_id = ${organizationId}
           and x.erased_at is null and y.erased_at is null
           and similarity(lower(x.display_name), lower(y.display_name)) >= ${NAME_SIMILARITY}
      )
      select pairs.a, pairs.b, array_agg(distinct pairs.reason order by pairs.reason) as reasons,
             similarity(lower(x.display_name), lower(y.display_name)) as similarity
        from pairs join contacts x on x.id = pairs.a join contacts y on y.id = pairs.b
       where not exists (select 1 from contact_suggestion_dismissals d
                          where d.organization_id = ${organizationId} and d.contact_a = pairs.a and d.contact_b = pairs.b)
       group by pairs.a, pairs.b, x.display_name, y.display_name
       order by pairs.b desc, pairs.a desc
       limit ${limit}
    `.execute(trx);
    return rows;
  });
  const rows = new Map((await contactRows(db, organizationId, [...new Set(pairs.flatMap((p) => [p.a, p.b]))])).map((r) => [r.id, r]));
  return pairs.flatMap((p) => {
    const a = rows.get(p.a);
    const b = rows.get(p.b);
    return a && b ? [{ contacts: [a, b] as [typeof a, typeof b], reasons: p.reasons, nameSimilarity: p.similarity === null ? null : Math.round(p.similarity * 100) / 100 }] : [];
  });
}

/** "Not the same person": the pair is never suggested again (both must be the organisation's, else 404). */
export async function dismissSuggestion(db: Db, actor: Actor, ids: [number, number]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockContacts(trx, actor.organizationId, ids);
    await trx
      .insertInto('contact_suggestion_dismissals')
      .values({ organization_id: actor.organizationId, contact_a: Math.min(...ids), contact_b: Math.max(...ids), dismissed_by: actor.userId })
      .onConflict((oc) => oc.doNothing())
      .execute();
  });
}
