import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES_ENVIRONMENT, startEmbeddedPostgres, type EmbeddedDatabase } from '../../../src/db/embedded-postgres.ts';
import { freePort } from '../../../src/db/free-port.ts';

describe('the embedded PostgreSQL’s own environment and settings', () => {
  let dataDir: string;
  let db: EmbeddedDatabase;
  let client: pg.Client;
  // The port first offered is already taken (by this listener), as another program may take a
  // chosen port before PostgreSQL binds it: the start must go on to another one.
  const taken = net.createServer();
  let takenPort: number;
  const logged: string[] = [];
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'snorq-embedded-env-'));
    takenPort = await freePort();
    await new Promise<void>((resolve) => taken.listen(takenPort, '127.0.0.1', resolve));
    let offers = 0;
    const choosePort = () => (offers++ === 0 ? Promise.resolve(takenPort) : freePort());
    db = await startEmbeddedPostgres({ dataDir, log: (m) => logged.push(m), choosePort });
    client = new pg.Client(db.connectionString);
    await client.connect();
  }, 60_000);
  afterAll(async () => {
    await client?.end();
    await db?.stop();
    taken.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('starts on another port when the one chosen was taken before PostgreSQL could listen on it', async () => {
    expect(logged).toContain(`port ${takenPort} was taken before PostgreSQL could listen on it; starting on another`);
    expect(new URL(db.connectionString).port).not.toBe(String(takenPort));
    expect((await client.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
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
