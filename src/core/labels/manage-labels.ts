import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { conversationFieldsDto } from '../conversations/dto.ts';
import { appendEvents } from '../events/event-log.ts';
import { AppError, notFound } from '../errors/app-error.ts';

/**
 * The organisation's labels. Conversations carry labels by name (`conversations.labels`), so a
 * rename or a deletion rewrites every conversation carrying the label in the same transaction,
 * and each rewritten conversation is announced (`conversation:updated`) as an agent's change is.
 */
export interface LabelRow {
  id: number;
  name: string;
  color: string;
  conversations: number;
  createdAt: Date;
}

type Executor = Db | Transaction<Database>;

/** Conversations are announced in chunks of this many per event-log append. */
const ANNOUNCE_CHUNK = 500;

export async function listLabels(db: Db, organizationId: number): Promise<LabelRow[]> {
  const { rows } = await sql<LabelRow>`
    select l.id, l.name, l.color, l.created_at as "createdAt",
      (select count(*)::int from conversations c where c.organization_id = l.organization_id and l.name = any(c.labels)) as conversations
    from labels l where l.organization_id = ${organizationId} order by lower(l.name), l.id`.execute(db);
  return rows;
}

async function oneLabel(db: Executor, organizationId: number, id: number): Promise<LabelRow> {
  const { rows } = await sql<LabelRow>`
    select l.id, l.name, l.color, l.created_at as "createdAt",
      (select count(*)::int from conversations c where c.organization_id = l.organization_id and l.name = any(c.labels)) as conversations
    from labels l where l.organization_id = ${organizationId} and l.id = ${id}`.execute(db);
  if (!rows[0]) throw notFound('label');
  return rows[0];
}

/** Another label spelled the same but for case ("VIP" beside "vip" is a near-duplicate the inbox would offer twice). */
async function nameTaken(db: Executor, organizationId: number, name: string, exceptId: number | null): Promise<boolean> {
  let q = db
    .selectFrom('labels')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where(sql<boolean>`lower(name) = lower(${name})`);
  if (exceptId !== null) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function createLabel(db: Db, organizationId: number, input: { name: string; color: string }): Promise<LabelRow> {
  if (await nameTaken(db, organizationId, input.name.trim(), null))
    throw new AppError('CONFLICT', `a label "${input.name.trim()}" already exists`, { field: 'name', reason: 'LABEL_NAME_TAKEN', name: input.name.trim() });
  const row = await db
    .insertInto('labels')
    .values({ organization_id: organizationId, name: input.name.trim(), color: input.color.toLowerCase() })
    .onConflict((oc) => oc.columns(['organization_id', 'name']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new AppError('CONFLICT', `a label "${input.name.trim()}" already exists`, { field: 'name', reason: 'LABEL_NAME_TAKEN', name: input.name.trim() });
  return oneLabel(db, organizationId, row.id);
}

/** Names that conversations are given and the organisation has no label for yet become labels (grey). */
export async function ensureLabels(db: Executor, organizationId: number, names: readonly string[]): Promise<void> {
  const wanted = [...new Set(names.map((n) => n.trim()).filter(Boolean))];
  if (wanted.length === 0) return;
  await db
    .insertInto('labels')
    .values(wanted.map((name) => ({ organization_id: organizationId, name })))
    .onConflict((oc) => oc.columns(['organization_id', 'name']).doNothing())
    .execute();
}

/** Rename and/or recolour; a rename relabels every conversation carrying the old name. */
export async function changeLabel(db: Db, organizationId: number, id: number, change: { name?: string; color?: string }): Promise<{ label: LabelRow; relabeled: number }> {
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('labels').select(['id', 'name']).where('id', '=', id).where('organization_id', '=', organizationId).forUpdate().executeTakeFirst();
    if (!current) throw notFound('label');
    const name = change.name?.trim();
    let relabeled = 0;
    if (name !== undefined && name !== current.name) {
      if (await nameTaken(trx, organizationId, name, id)) throw new AppError('CONFLICT', `a label "${name}" already exists`, { field: 'name', reason: 'LABEL_NAME_TAKEN', name });
      await trx.updateTable('labels').set({ name, updated_at: new Date() }).where('id', '=', id).execute();
      relabeled = await rewriteConversations(trx, organizationId, current.name, name);
    }
    if (change.color) await trx.updateTable('labels').set({ color: change.color.toLowerCase(), updated_at: new Date() }).where('id', '=', id).execute();
    return { label: await oneLabel(trx, organizationId, id), relabeled };
  });
}

/** Remove the label from the organisation and from every conversation carrying it. */
export async function deleteLabel(db: Db, organizationId: number, id: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom('labels').where('id', '=', id).where('organization_id', '=', organizationId).returning('name').executeTakeFirst();
    if (!gone) throw notFound('label');
    return rewriteConversations(trx, organizationId, gone.name, null);
  });
}

/**
 * Replace (or, with `to` null, remove) one label name on every conversation of the organisation
 * that carries it, keeping each conversation's other labels, order and no duplicate; then announce
 * each changed conversation. Returns how many changed.
 */
async function rewriteConversations(trx: Transaction<Database>, organizationId: number, from: string, to: string | null): Promise<number> {
  const { rows } = await sql<{ id: number }>`
    update conversations c set labels = array(
        select x.l from (
          select case when u.l = ${from} then ${to}::text else u.l end as l, u.ord
          from unnest(c.labels) with ordinality as u(l, ord)
        ) x where x.l is not null group by x.l order by min(x.ord)
      ), updated_at = now()
    where c.organization_id = ${organizationId} and ${from} = any(c.labels)
    returning c.id`.execute(trx);
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += ANNOUNCE_CHUNK) {
    const changed = await trx
      .selectFrom('conversations')
      .selectAll()
      .where('id', 'in', ids.slice(i, i + ANNOUNCE_CHUNK))
      .execute();
    await appendEvents(
      trx,
      organizationId,
      changed.map((row) => ({ type: 'conversation:updated' as const, payload: { conversation: conversationFieldsDto(row) } })),
    );
  }
  return ids.length;
}
