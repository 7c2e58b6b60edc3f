import pg from 'pg';

/**
 * What PostgreSQL's backends were doing while snorq was under load: pg_stat_activity sampled
 * every few milliseconds, each client backend's state counted. It tells round-trip-bound
 * (idle in transaction: the backend waits for the app's next statement), lock-bound, WAL-flush-bound
 * and CPU-bound apart.
 */
export interface ActivityBreakdown {
  samples: number;
  /** Busy backends (not idle outside a transaction) per sample, on average: how many were working for the app at once. */
  meanBusy: number;
  /** Share of busy backend-samples (those not idle outside a transaction) per state. */
  shares: { executing: number; waitingForApp: number; locks: number; walFlush: number; other: number };
  /** The statement most often seen waiting on a lock, if any. */
  topLockWait: string | null;
}

/** The application_name of the benchmark's own connections to snorq's database. */
export const BENCH_APPLICATION_NAME = 'snorq-bench';

export function sampleActivity(databaseUrl: string, everyMs = 10): { stop(): Promise<ActivityBreakdown> } {
  // named, so that the ingestion benchmark can leave its backend's CPU time out of snorq's
  const client = new pg.Client({ connectionString: databaseUrl, application_name: BENCH_APPLICATION_NAME });
  const counts = { executing: 0, waitingForApp: 0, locks: 0, walFlush: 0, other: 0 };
  const lockWaits = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query<{ state: string | null; wtype: string | null; wevent: string | null; query: string }>(
        `select state, wait_event_type as wtype, wait_event as wevent, left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 70) as query
           from pg_stat_activity
          where backend_type = 'client backend' and pid <> pg_backend_pid() and datname = current_database() and query not ilike 'listen %'`,
      );
      samples++;
      for (const r of rows) {
        if (r.state === 'idle') continue;
        if (r.state?.startsWith('idle in transaction')) counts.waitingForApp++;
        else if (r.wtype === 'Lock') {
          counts.locks++;
          lockWaits.set(r.query, (lockWaits.get(r.query) ?? 0) + 1);
        } else if (r.wevent === 'WALWrite' || r.wevent === 'WalSync' || r.wevent === 'WalWrite') counts.walFlush++;
        else if (r.wtype === null || r.wtype === 'CPU') counts.executing++;
        else counts.other++;
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      await client.end();
      const total = Object.values(counts).reduce((a, b) => a + b, 0) || 1;
      const top = [...lockWaits.entries()].sort((a, b) => b[1] - a[1])[0];
      return {
        samples,
        meanBusy: Object.values(counts).reduce((a, b) => a + b, 0) / Math.max(samples, 1),
        shares: {
          executing: counts.executing / total,
          waitingForApp: counts.waitingForApp / total,
          locks: counts.locks / total,
          walFlush: counts.walFlush / total,
          other: counts.other / total,
        },
        topLockWait: top ? top[0] : null,
      };
    },
  };
}
