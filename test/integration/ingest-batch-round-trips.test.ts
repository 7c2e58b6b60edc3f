import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionChannels } from '../../src/core/channel-accounts/provision-env-channels.ts';
import { appendEventsStatement } from '../../src/core/events/event-log.ts';
import { BatchTransaction } from '../../src/core/ingest/batch-transaction.ts';
import { createIngestBatcher, type IngestAnswer } from '../../src/core/ingest/ingest-batcher.ts';
import { journalProcessedStatement } from '../../src/core/ingest/journal.ts';
import { openDatabase, poolOf, type DatabaseHandle } from '../../src/db/database.ts';
import { sqlLiteral } from '../../src/db/sql-literal.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { whatsappText } from '../helpers/signing.ts';

/**
 * A batch of webhooks costs three round trips to PostgreSQL (batch-transaction.ts): the routing
 * read, BEGIN with the store function, then the journal, the event append and COMMIT together.
 * Every statement the batcher's own pool sends is recorded, so an extra round trip (a BEGIN or a
 * COMMIT on its own, the append apart from the commit) shows as one more entry.
 */
const PHONE_ID = '555000777';
let t: TestApp;
let organizationId: number;
let own: DatabaseHandle;
const sent: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  organizationId = (await t.newOrganization()).organizationId;
  await provisionChannels(
    t.ctx.db,
    t.ctx.secretBox,
    organizationId,
    [{ platform: 'whatsapp', externalAccountId: PHONE_ID, displayName: 'WA', credentials: { platform: 'whatsapp', accessToken: 'x' } }],
    'env',
  );
  // A pool of its own, used by nothing but what a test sends through it.
  own = openDatabase(t.config.DATABASE_URL!, { max: 1 });
  const recorded = new WeakSet<pg.PoolClient>();
  poolOf(own.db).on('acquire', (client) => {
    if (recorded.has(client)) return;
    recorded.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const first = args[0];
      sent.push((typeof first === 'string' ? first : String((first as { text?: string }).text)).replace(/\s+/g, ' ').trim());
      return query(...args);
    };
  });
});
afterAll(async () => {
  await own?.close();
  await t?.close();
});

const webhook = (i: number) => ({
  platform: 'whatsapp' as const,
  contentType: 'application/json',
  // not only ASCII: the journal must keep the exact bytes (they travel as base64 in the statement)
  body: Buffer.from(JSON.stringify(whatsappText({ phoneNumberId: PHONE_ID, from: `49170000${i % 2}`, id: `wamid.trips.${i}`, text: `Grüße ${i} — ✓`, timestamp: Date.now() + i }))),
  receivedAt: new Date(),
});

describe('a batch of webhooks', () => {
  it('is stored in three round trips: routing, BEGIN with the store, the journal, events and COMMIT together', async () => {
    const warnings: string[] = [];
    const batcher = createIngestBatcher({ db: own.db, log: { warn: (_o, m) => warnings.push(m) } });
    sent.length = 0;
    // The first webhook starts a batch alone; the five submitted meanwhile make the second.
    const webhooks = Array.from({ length: 6 }, (_, i) => webhook(i));
    const answers = await Promise.all(webhooks.map((w) => batcher.submit(w)));
    await batcher.stop();
    expect(warnings).toEqual([]);

    const batch = [
      /^select .* from "channels" where/,
      /^begin; select item_index, message_row, conversation_row from snorq_store_messages\(/,
      /^insert into webhook_events .*; select snorq_append_events\(.*; commit$/,
    ];
    // after the first batch, the channel's last webhook time (written at most every 5 s)
    const touch = /^update "channels" set "last_webhook_at"/;
    expect(sent).toHaveLength(7);
    [...batch, touch, ...batch].forEach((pattern, i) => expect(sent[i]).toMatch(pattern));

    const outcomes = answers.map((a: IngestAnswer) => ('outcome' in a ? a.outcome.state : a));
    expect(outcomes).toEqual(Array(6).fill('processed'));
    const journal = await t.ctx.db
      .selectFrom('webhook_events')
      .select(['id', 'body', 'state', 'organization_id', 'attempts', 'processed_at'])
      .where(
        'id',
        'in',
        answers.map((a) => a.journalId),
      )
      .orderBy('id')
      .execute();
    expect(journal.map((j) => j.id)).toEqual(answers.map((a) => a.journalId));
    journal.forEach((j, i) => {
      expect(j.body.equals(webhooks[i]!.body)).toBe(true);
      expect(j).toMatchObject({ state: 'processed', organization_id: organizationId, attempts: 1, processed_at: expect.any(Date) });
    });

    // each message once, its event numbered in the order the batches committed
    const messages = await t.ctx.db.selectFrom('messages').select(['id', 'external_id']).where('external_id', 'like', 'wamid.trips.%').orderBy('id').execute();
    expect(messages.map((m) => m.external_id).toSorted()).toEqual(webhooks.map((_, i) => `wamid.trips.${i}`).toSorted());
    const events = await t.ctx.db.selectFrom('events').select(['seq', 'type', 'payload']).where('organization_id', '=', organizationId).orderBy('seq').execute();
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(events.map((e) => e.type)).toEqual(Array(6).fill('new:message'));
    expect(events.map((e) => (e.payload as { message: { id: number } }).message.id)).toEqual(messages.map((m) => m.id));
  });
});

describe('BatchTransaction', () => {
  it('never reaches a COMMIT sent after a statement that fails: all of it is rolled back, the connection returned clean', async () => {
    const marker = Buffer.from(`rolled back ${Date.now()}`);
    const row = {
      platform: 'whatsapp' as const,
      contentType: null,
      accountHint: null,
      receivedAt: new Date(),
      state: 'processed' as const,
      organizationId: null,
      error: null,
      processedAt: new Date(),
    };
    const tx = await BatchTransaction.open(own.db);
    try {
      // a step written with kysely joins the same transaction
      await (await tx.kysely()).insertInto('webhook_events').values({ platform: 'whatsapp', body: marker, state: 'processed' }).execute();
      const missing = 2_000_000_000;
      await expect(tx.commit([journalProcessedStatement([{ ...row, body: marker }]), appendEventsStatement(missing, [{ type: 'conversation:updated', payload: {} } as never])])).rejects.toThrow(
        `no organisation ${missing}`,
      );
    } finally {
      await tx.abandon();
    }
    const left = await t.ctx.db.selectFrom('webhook_events').select('id').where('body', '=', marker).execute();
    expect(left).toEqual([]);
    // the pool's one connection: usable, and in no transaction (an aborted one would refuse this)
    const [{ rows }] = [await poolOf(own.db).query<{ xid: string | null }>('select pg_current_xact_id_if_assigned()::text as xid')];
    expect(rows).toEqual([{ xid: null }]);
  });

  it('refuses a handle that has no pool of its own, with a clear error, and so does a batcher made with one', async () => {
    await t.ctx.db.transaction().execute(async (trx) => {
      await expect(BatchTransaction.open(trx)).rejects.toThrow(/not made by openDatabase/);
      expect(() => createIngestBatcher({ db: trx, log: { warn: () => undefined } })).toThrow(/not made by openDatabase/);
    });
  });
});

describe('sqlLiteral', () => {
  const tricky = ["it's", 'a \\ backslash', "both \\' and '\\", '{"text":"line\\nbreak \\"quoted\\" \\u00e9"}', "''", '\\', 'Grüße — ✓ 😀', ''];

  it('writes what pg.escapeLiteral writes', () => {
    for (const text of tricky) expect(sqlLiteral(text)).toBe(pg.escapeLiteral(text));
  });

  it('reads back in PostgreSQL as the string it was made from, whatever standard_conforming_strings says', async () => {
    for (const setting of ['on', 'off']) {
      const client = await poolOf(own.db).connect();
      try {
        await client.query(`set standard_conforming_strings = ${setting}`);
        for (const text of tricky) expect((await client.query<{ v: string }>(`select ${sqlLiteral(text)}::text as v`)).rows[0]!.v).toBe(text);
      } finally {
        await client.query('reset standard_conforming_strings');
        client.release();
      }
    }
  });

  it('refuses a NUL character, which would cut the statement short', () => {
    expect(() => sqlLiteral('a\0b')).toThrow(/NUL/);
  });
});
