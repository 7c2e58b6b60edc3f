import type { Config } from '../config/config.ts';
import { migrateToLatest, openDatabase, type Db } from './database.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';

export interface RunningDatabase {
  db: Db;
  connectionString: string;
  close(): Promise<void>;
}

/** The external PostgreSQL of DATABASE_URL, or snorq's embedded one in DATA_DIR; migrated either way. */
export async function startDatabase(config: Config, log: (msg: string) => void): Promise<RunningDatabase> {
  const embedded = config.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: config.dataDir, log });
  const connectionString = config.DATABASE_URL ?? embedded!.connectionString;
  // Migrations on a connection of their own, without the pool's statement timeout: building an
  // index over every message of a large inbox may take far longer than any request should.
  const migrations = openDatabase(connectionString, { max: 1 });
  try {
    const applied = await migrateToLatest(migrations.db);
    if (applied.length > 0) log(`applied migrations: ${applied.join(', ')}`);
  } catch (e) {
    await migrations.close();
    await embedded?.stop();
    throw e;
  }
  await migrations.close();
  const handle = openDatabase(connectionString, { statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS });
  return {
    db: handle.db,
    connectionString,
    close: async () => {
      await handle.close();
      await embedded?.stop();
    },
  };
}
