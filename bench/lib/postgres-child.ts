import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.ts';

/**
 * A PostgreSQL for benchmarks that need one outside snorq (several instances on one external
 * database): snorq's own embedded-postgres setup (fsync on, the same flags) in PG_DATA_DIR, in
 * its own process, so its CPU time is counted apart. Stops when asked or orphaned.
 */
const database = await startEmbeddedPostgres({ dataDir: process.env.PG_DATA_DIR!, log: (m) => console.log(m) });

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await database.stop().catch((err) => console.error('postgres stop failed', err));
  process.exit(0);
};
process.removeAllListeners('SIGINT');
process.removeAllListeners('SIGTERM');
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
process.on('message', (m: { type?: string }) => m.type === 'stop' && void stop());
process.on('disconnect', () => void stop());

process.send!({ type: 'ready', databaseUrl: database.connectionString });
