import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/schema.ts';
import { refreshSlaClocks } from '../../src/core/sla/sla-clocks.ts';
import { createTestDatabase } from '../helpers/test-database.ts';

/**
 * The SLA clock refresh runs after every batch of customer messages; its read of the conversations
 * whose wait has no clock yet must be answered by conversations_sla_refresh_idx (migration 0042),
 * not by reading every conversation of the organisation (185 ms per batch at 101 k conversations).
 * The query is the one refreshSlaClocks really sends, captured, so a change of its condition that
 * the index no longer serves fails here.
 */
let t: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

it("answers the SLA refresh's read of unclocked waits from its partial index", async () => {
  const org = (await t.db.insertInto('organizations').values({ name: 'sla-index' }).returning('id').executeTakeFirstOrThrow()).id;
  const sent: CompiledQuery[] = [];
  const watched = new Kysely<Database>({ dialect: new PostgresDialect({ pool: t.pool }), log: (e) => void (e.level === 'query' && sent.push(e.query)) });
  await refreshSlaClocks(watched, org);
  const read = sent.find((q) => /from "conversations"/.test(q.sql) && /sla_started_at/.test(q.sql));
  expect(read, 'the refresh reads conversations').toBeDefined();

  const client = await t.pool.connect();
  try {
    await client.query('begin');
    // Few rows here: without this the planner may read the small table whole whatever the indexes.
    await client.query('set local enable_seqscan = off');
    const plan = (await client.query<{ 'QUERY PLAN': string }>(`explain ${read!.sql}`, read!.parameters as unknown[])).rows.map((r) => r['QUERY PLAN']).join('\n');
    await client.query('rollback');
    expect(plan).toContain('conversations_sla_refresh_idx');
  } finally {
    client.release();
  }
});
