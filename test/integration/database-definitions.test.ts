import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../../src/db/database.ts';
import { applyDefinitions, DEFINITIONS } from '../../src/db/definitions/apply-definitions.ts';
import { createTestDatabase } from '../helpers/test-database.ts';

/**
 * The definitions of src/db/definitions/ are applied again by the migrator at every start, after
 * the migrations and under their lock: the newest text wins over what a migration once created.
 */
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

async function functionSource(handle: DatabaseHandle, name: string): Promise<string> {
  const { rows } = await sql<{ src: string }>`select prosrc as src from pg_proc where proname = ${name}`.execute(handle.db);
  expect(rows).toHaveLength(1);
  return rows[0]!.src;
}

describe('re-applied definitions', () => {
  it('replaces what a migration or an older start left with the text of the .sql file', async () => {
    const t = await createTestDatabase();
    cleanup.push(t.drop);
    const file = readFileSync(new URL('../../src/db/definitions/store-messages.sql', import.meta.url), 'utf8');
    expect(file).toContain((await functionSource(t, 'snorq_store_messages')).trim());

    // an older body, as a past migration (or an older snorq) may have left it
    await sql`create or replace function snorq_touch_conversation(p_conversation_id bigint, p_message_id bigint, p_preview text)
              returns conversations language plpgsql as $fn$ begin raise exception 'old body'; end $fn$`.execute(t.db);
    expect(await functionSource(t, 'snorq_touch_conversation')).toContain('old body');

    expect(await migrateToLatest(t.db)).toEqual([]);
    const source = await functionSource(t, 'snorq_touch_conversation');
    expect(source).not.toContain('old body');
    expect(file).toContain(source.trim());
  });

  it('lets two instances start together on a new database: migrations once, definitions in turn', async () => {
    const t = await createTestDatabase();
    cleanup.push(t.drop);
    // a second, empty database that two "instances" migrate at the same moment
    await sql.raw(`create database ${t.name}_twin`).execute(t.db);
    const url = new URL(t.url);
    url.pathname = `/${t.name}_twin`;
    const a = openDatabase(url.toString(), { max: 2 });
    const b = openDatabase(url.toString(), { max: 2 });
    cleanup.push(async () => {
      await a.close();
      await b.close();
      await sql.raw(`drop database if exists ${t.name}_twin with (force)`).execute(t.db);
    });
    const [first, second] = await Promise.all([migrateToLatest(a.db), migrateToLatest(b.db)]);
    const all = await sql<{ name: string }>`select name from kysely_migration`.execute(a.db);
    expect([...first, ...second].sort()).toEqual(all.rows.map((r) => r.name).sort());
    expect(Math.min(first.length, second.length)).toBe(0);
    expect(await functionSource(a, 'snorq_store_messages')).toContain('snorq_touch_conversation');
  });

  it('names the definition that failed, and applies nothing of the transaction it failed in', async () => {
    const t = await createTestDatabase();
    cleanup.push(t.drop);
    const bad = [
      { name: 'first.sql', sql: () => `create or replace function snorq_definitions_probe() returns int language sql as 'select 1'` },
      { name: 'broken.sql', sql: () => 'create or replace function snorq_definitions_probe2( returns int' },
    ];
    await expect(t.db.transaction().execute((trx) => applyDefinitions(trx, bad))).rejects.toThrow(/database definition broken\.sql failed: syntax error/);
    const { rows } = await sql`select 1 from pg_proc where proname = 'snorq_definitions_probe'`.execute(t.db);
    expect(rows).toHaveLength(0);
    expect(DEFINITIONS.map((d) => d.name)).toContain('store-messages.sql');
  });
});
