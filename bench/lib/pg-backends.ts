import pg from 'pg';

/**
 * How many of snorq's PostgreSQL client backends exist and how many are busy (not idle outside a
 * transaction), sampled from pg_stat_activity while the memory benchmark runs: the pool's size is
 * the largest single choice in the tree's memory (each backend is a process), and these samples
 * say how many connections a thousand agents connecting and a burst really use at once.
 *
 * The sampler is a backend itself; its pid is given so the memory samples can leave it out.
 */
export interface BackendCounts {
  samples: number;
  /** Most client backends seen at once (pooled connections and LISTEN connections). */
  maxOpen: number;
  /** Most of them busy at once (running a statement, or inside a transaction). */
  maxBusy: number;
  /** Busy backends per sample, on average. */
  meanBusy: number;
}

export interface BackendSampler {
  /** The sampler's own backend (not snorq's). */
  pid: number;
  /** Start counting afresh (e.g. at the start of a phase). */
  reset(): void;
  /** The counts since the last reset. */
  read(): BackendCounts;
  stop(): Promise<void>;
}

export async function sampleBackends(databaseUrl: string, everyMs = 20): Promise<BackendSampler> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
  let counts = { samples: 0, maxOpen: 0, maxBusy: 0, busySum: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const r = await client.query<{ open: number; busy: number }>(
        `select count(*)::int as open, (count(*) filter (where state <> 'idle'))::int as busy
           from pg_stat_activity
          where backend_type = 'client backend' and pid <> pg_backend_pid() and datname = current_database()`,
      );
      const { open, busy } = r.rows[0]!;
      counts.samples++;
      counts.maxOpen = Math.max(counts.maxOpen, open);
      counts.maxBusy = Math.max(counts.maxBusy, busy);
      counts.busySum += busy;
      await new Promise((done) => setTimeout(done, everyMs));
    }
  })();
  return {
    pid: rows[0]!.pid,
    reset: () => (counts = { samples: 0, maxOpen: 0, maxBusy: 0, busySum: 0 }),
    read: () => ({ samples: counts.samples, maxOpen: counts.maxOpen, maxBusy: counts.maxBusy, meanBusy: counts.busySum / Math.max(counts.samples, 1) }),
    stop: async () => {
      running = false;
      await loop;
      await client.end();
    },
  };
}
