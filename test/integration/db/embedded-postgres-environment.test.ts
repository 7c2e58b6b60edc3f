import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES_ENVIRONMENT, startEmbeddedPostgres, type EmbeddedDatabase } from '../../../src/db/embedded-postgres.ts';

describe('the embedded PostgreSQL’s own environment and settings', () => {
  let dataDir: string;
  let db: EmbeddedDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'snorq-embedded-env-'));
    db = await startEmbeddedPostgres({ dataDir, log: () => undefined });
    client = new pg.Client(db.connectionString);
    await client.connect();
  }, 60_000);
  afterAll(async () => {
    await client?.end();
    await db?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('gives its backends glibc’s fixed malloc thresholds, and leaves snorq’s environment as it was', async () => {
    // A backend's own /proc/<pid>/environ is overwritten by its process title; a program it runs
    // inherits its environment as it is.
    await client.query('create temporary table backend_environment (line text)');
    await client.query(`copy backend_environment from program 'env'`);
    const environ = (await client.query<{ line: string }>('select line from backend_environment')).rows.map((r) => r.line);
    for (const [name, value] of Object.entries(POSTGRES_ENVIRONMENT)) {
      expect(environ).toContain(`${name}=${value}`);
      expect(process.env[name]).toBeUndefined();
    }
    expect(Object.keys(POSTGRES_ENVIRONMENT)).toEqual(['MALLOC_MMAP_THRESHOLD_', 'MALLOC_TRIM_THRESHOLD_']);
  });

  it('reserves no shared memory for replication or predicate locks', async () => {
    const { rows } = await client.query<{ name: string; setting: string }>(
      `select name, setting from pg_settings where name in ('max_wal_senders', 'max_replication_slots', 'max_pred_locks_per_transaction') order by name`,
    );
    expect(rows).toEqual([
      { name: 'max_pred_locks_per_transaction', setting: '10' },
      { name: 'max_replication_slots', setting: '0' },
      { name: 'max_wal_senders', setting: '0' },
    ]);
  });
});
