import pg from 'pg';

/**
 * `BENCH_PG_STATEMENTS=1`: PostgreSQL's pg_stat_statements in the ingestion benchmark, so that
 * every statement-level figure of bench/FINDINGS.md can be reproduced from a run. The module is
 * loaded at server start (shared_preload_libraries), so it is switched on with ALTER SYSTEM
 * (postgresql.auto.conf of the benchmark's own cluster, never snorq's settings) and takes effect
 * when snorq, and with it its embedded PostgreSQL, is started again. `track = all` counts the
 * statements inside snorq's PL/pgSQL functions too (`toplevel = false`); their time is also part
 * of the calling statement's, so the two kinds are never summed.
 */
export const statementsWanted = (): boolean => process.env.BENCH_PG_STATEMENTS === '1';

export interface StatementFigure {
  query: string;
  toplevel: boolean;
  calls: number;
  /** Per stored message. */
  callsPerMessage: number;
  msPerMessage: number;
  meanMs: number;
  rowsPerCall: number;
}

async function withClient<T>(url: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

/** Ask the cluster to load pg_stat_statements from its next start. */
export function preloadStatements(url: string): Promise<void> {
  return withClient(url, async (c) => {
    await c.query(`alter system set shared_preload_libraries = 'pg_stat_statements'`);
    await c.query(`alter system set pg_stat_statements.track = 'all'`);
    await c.query(`alter system set pg_stat_statements.max = 2000`);
  });
}

/** After the restart: the extension in snorq's database, its counters cleared. */
export function resetStatements(url: string): Promise<void> {
  return withClient(url, async (c) => {
    await c.query('create extension if not exists pg_stat_statements');
    await c.query('select pg_stat_statements_reset()');
  });
}

/** The statements that took the most execution time, per stored message. */
export function topStatements(url: string, stored: number, limit = Number(process.env.BENCH_PG_STATEMENTS_TOP ?? 15)): Promise<StatementFigure[]> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ query: string; toplevel: boolean; calls: string; total: number; rows: string }>(
      `select left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 160) as query, toplevel, calls, total_exec_time as total, rows
         from pg_stat_statements
        where dbid = (select oid from pg_database where datname = current_database())
          and query not ilike '%pg_stat_%'
        order by total_exec_time desc
        limit $1`,
      [limit],
    );
    const n = Math.max(stored, 1);
    return rows.map((r) => ({
      query: r.query,
      toplevel: r.toplevel,
      calls: Number(r.calls),
      callsPerMessage: Number(r.calls) / n,
      msPerMessage: r.total / n,
      meanMs: r.total / Math.max(Number(r.calls), 1),
      rowsPerCall: Number(r.rows) / Math.max(Number(r.calls), 1),
    }));
  });
}
