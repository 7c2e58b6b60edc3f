import { sql } from 'kysely';
import { EXPORT_COLUMNS, type ExportFilter, type ExportKind } from '../../contract/export.ts';
import type { Db } from '../../db/database.ts';
import { csvRow, type CsvValue } from '../../text/csv.ts';
import { dayStartSql } from '../metrics/date-range.ts';

/** Rows read per query: the most an export holds in memory at once, whatever its size. */
export const EXPORT_BATCH = 1000;

type Row = Record<string, CsvValue> & { cursor_at: string; id: number };

/** Where the previous batch ended: the row's time as PostgreSQL wrote it (microseconds kept) and its id. */
interface Cursor {
  at: string;
  id: number;
}

export interface ExportOptions {
  batchSize?: number;
  /** Told the size of each batch read (tests count that memory stays bounded). */
  onBatch?: (rows: number) => void;
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : (v as string | null));

/** One batch of conversations started in the range, in (created_at, id) order after the cursor. */
async function conversationBatch(db: Db, organizationId: number, f: ExportFilter, after: Cursor | null, limit: number): Promise<Row[]> {
  let q = db
    .selectFrom('conversations as c')
    .innerJoin('channels as ch', 'ch.id', 'c.channel_id')
    .innerJoin('contacts as p', 'p.id', 'c.contact_id')
    .innerJoin('contact_identities as i', 'i.id', 'c.contact_identity_id')
    .leftJoin('users as u', 'u.id', 'c.assignee_id')
    .select([
      sql<string>`c.created_at::text`.as('cursor_at'),
      'c.id',
      'c.created_at',
      'c.channel_id',
      'ch.display_name as channel',
      'ch.platform',
      sql<string | null>`coalesce(p.display_name, i.display_name, i.username, i.phone)`.as('contact'),
      'c.status',
      'c.priority',
      'u.name as assignee',
      sql<string>`array_to_string(c.labels, '; ')`.as('labels'),
      'c.last_message_at',
      'c.waiting_since',
      sql<Date | null>`c.resolved_at`.as('resolved_at'),
    ])
    .where('c.organization_id', '=', organizationId);
  if (f.from) q = q.where('c.created_at', '>=', dayStartSql(f.from, organizationId));
  if (f.to) q = q.where('c.created_at', '<', dayStartSql(f.to, organizationId, true));
  if (f.channelId) q = q.where('c.channel_id', '=', f.channelId);
  if (f.label) q = q.where(sql<boolean>`${f.label} = any(c.labels)`);
  if (after) q = q.where(sql<boolean>`(c.created_at, c.id) > (${after.at}::timestamptz, ${after.id})`);
  const rows = await q.orderBy('c.created_at').orderBy('c.id').limit(limit).execute();
  return rows.map((r) => ({ ...r, created_at: iso(r.created_at), last_message_at: iso(r.last_message_at), waiting_since: iso(r.waiting_since), resolved_at: iso(r.resolved_at) }));
}

/** One batch of messages sent in the range (notes included, marked), in (time, id) order after the cursor. */
async function messageBatch(db: Db, organizationId: number, f: ExportFilter, after: Cursor | null, limit: number): Promise<Row[]> {
  let q = db
    .selectFrom('messages as m')
    .innerJoin('channels as ch', 'ch.id', 'm.channel_id')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .innerJoin('contacts as p', 'p.id', 'c.contact_id')
    .innerJoin('contact_identities as i', 'i.id', 'c.contact_identity_id')
    .leftJoin('users as u', 'u.id', 'm.sender_user_id')
    .select([
      sql<string>`m.platform_timestamp::text`.as('cursor_at'),
      'm.id',
      'm.conversation_id',
      'm.platform_timestamp as at',
      'm.channel_id',
      'ch.display_name as channel',
      'ch.platform',
      'm.direction',
      sql<string | null>`case when m.direction = 'inbound' then coalesce(p.display_name, i.display_name, i.username, i.phone) else u.name end`.as('author'),
      'm.is_private_note as private_note',
      'm.content_type',
      'm.content',
      'm.status',
    ])
    .where('m.organization_id', '=', organizationId);
  if (f.from) q = q.where('m.platform_timestamp', '>=', dayStartSql(f.from, organizationId));
  if (f.to) q = q.where('m.platform_timestamp', '<', dayStartSql(f.to, organizationId, true));
  if (f.channelId) q = q.where('m.channel_id', '=', f.channelId);
  if (f.label) q = q.where(sql<boolean>`${f.label} = any(c.labels)`);
  if (after) q = q.where(sql<boolean>`(m.platform_timestamp, m.id) > (${after.at}::timestamptz, ${after.id})`);
  const rows = await q.orderBy('m.platform_timestamp').orderBy('m.id').limit(limit).execute();
  return rows.map((r) => ({ ...r, at: iso(r.at) }));
}

const BATCHES = { conversations: conversationBatch, messages: messageBatch };

/** How many rows an export will have (sent first, so the web app can show progress). */
export async function exportCount(db: Db, organizationId: number, kind: ExportKind, f: ExportFilter): Promise<number> {
  const alias = kind === 'conversations' ? 'c' : 'm';
  const at = kind === 'conversations' ? sql.ref('c.created_at') : sql.ref('m.platform_timestamp');
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from ${sql.table(kind)} as ${sql.ref(alias)}
    ${kind === 'messages' && f.label ? sql`join conversations c on c.id = m.conversation_id` : sql``}
    where ${sql.ref(`${alias}.organization_id`)} = ${organizationId}
      ${f.from ? sql`and ${at} >= ${dayStartSql(f.from, organizationId)}` : sql``}
      ${f.to ? sql`and ${at} < ${dayStartSql(f.to, organizationId, true)}` : sql``}
      ${f.channelId ? sql`and ${sql.ref(`${alias}.channel_id`)} = ${f.channelId}` : sql``}
      ${f.label ? sql`and ${f.label} = any(c.labels)` : sql``}`.execute(db);
  return rows[0]?.n ?? 0;
}

/**
 * The export as text chunks, one per batch: read with keyset pagination (each query short, no
 * transaction or server-side cursor held open for minutes, no statement timeout reached), and
 * pulled: the next batch is read only when the previous chunk has been taken, so a slow download
 * holds one batch in memory, never the whole export. JSON is an array, one object per line.
 */
export async function* exportChunks(db: Db, organizationId: number, kind: ExportKind, f: ExportFilter, options: ExportOptions = {}): AsyncGenerator<string> {
  const columns = EXPORT_COLUMNS[kind];
  const limit = options.batchSize ?? EXPORT_BATCH;
  yield f.format === 'csv' ? `\uFEFF${csvRow(columns)}` : '[';
  let after: Cursor | null = null;
  let first = true;
  for (;;) {
    const rows: Row[] = await BATCHES[kind](db, organizationId, f, after, limit);
    options.onBatch?.(rows.length);
    if (rows.length > 0) {
      yield rows
        .map((r) => {
          if (f.format === 'csv') return csvRow(columns.map((c) => r[c]));
          const line = `${first ? '\n' : ',\n'}${JSON.stringify(Object.fromEntries(columns.map((c) => [c, r[c] ?? null])))}`;
          first = false;
          return line;
        })
        .join('');
      const last: Row = rows.at(-1)!;
      after = { at: last.cursor_at, id: last.id };
    }
    if (rows.length < limit) break;
  }
  if (f.format === 'json') yield '\n]\n';
}
