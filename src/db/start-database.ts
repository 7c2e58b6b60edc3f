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
  const handle = openDatabase(connectionString);
  try {
    const applied = await migrateToLatest(handle.db);
    if (applied.length > 0) log(`applied migrations: ${applied.join(', ')}`);
  } catch (e) {
    await handle.close();
    await embedded?.stop();
    throw e;
  }
  return {
    db: handle.db,
    connectionString,
    close: async () => {
      await handle.close();
      await embedded?.stop();
    },
  };
}
