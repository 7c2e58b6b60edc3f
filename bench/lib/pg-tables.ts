import type pg from 'pg';

/**
 * What storing messages does to the tables it writes, from PostgreSQL's statistics: how many of
 * the thread updates were HOT (no index entry written), and per index of `messages` and
 * `conversations` its size and how often a query used it. Counters are read before and after
 * the measured rounds; a scan count there says whether ingestion itself reads through the index
 * (the product's reads are counted by the query benchmark's run, which prints the same table).
 */
export interface TableCounters {
  updates: number;
  hotUpdates: number;
  inserts: number;
  indexes: { table: string; index: string; scans: number; bytes: number }[];
}

export async function tableCounters(db: pg.Client): Promise<TableCounters> {
  const t = await db.query<{ upd: string; hot: string; ins: string }>(
    `select coalesce(sum(n_tup_upd) filter (where relname = 'conversations'), 0) as upd,
            coalesce(sum(n_tup_hot_upd) filter (where relname = 'conversations'), 0) as hot,
            coalesce(sum(n_tup_ins) filter (where relname = 'messages'), 0) as ins
       from pg_stat_user_tables where relname in ('conversations', 'messages')`,
  );
  const i = await db.query<{ tbl: string; idx: string; scans: string; bytes: string }>(
    `select relname as tbl, indexrelname as idx, idx_scan as scans, pg_relation_size(indexrelid) as bytes
       from pg_stat_user_indexes where relname in ('conversations', 'messages') order by relname, indexrelname`,
  );
  return {
    updates: Number(t.rows[0]!.upd),
    hotUpdates: Number(t.rows[0]!.hot),
    inserts: Number(t.rows[0]!.ins),
    indexes: i.rows.map((r) => ({ table: r.tbl, index: r.idx, scans: Number(r.scans), bytes: Number(r.bytes) })),
  };
}

/** The change between two readings (sizes as of the second). */
export function countersDelta(before: TableCounters, after: TableCounters): TableCounters {
  const scansBefore = new Map(before.indexes.map((x) => [x.index, x.scans]));
  return {
    updates: after.updates - before.updates,
    hotUpdates: after.hotUpdates - before.hotUpdates,
    inserts: after.inserts - before.inserts,
    indexes: after.indexes.map((x) => ({ ...x, scans: x.scans - (scansBefore.get(x.index) ?? 0) })),
  };
}
