import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts';

/** The admin connection string of the run's PostgreSQL, with another database name. */
export function databaseUrl(name: string): string {
  const url = new URL(inject('adminDatabaseUrl'));
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A fresh, migrated database for one test file, copied from the run's template (global-setup.ts,
 * migrated by the code under test in the same run); dropped by `drop()`.
 */
export async function createTestDatabase(): Promise<DatabaseHandle & { url: string; name: string; drop(): Promise<void> }> {
  const name = `snorq_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: inject('adminDatabaseUrl') });
  await admin.connect();
  await admin.query(`create database ${name} template ${inject('templateDatabase')}`);
  await admin.end();
  const url = databaseUrl(name);
  const handle = openDatabase(url, { max: 10 });
  return {
    ...handle,
    url,
    name,
    drop: async () => {
      await handle.close();
      const c = new pg.Client({ connectionString: inject('adminDatabaseUrl') });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
