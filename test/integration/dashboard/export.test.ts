import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../src/core/accounts/users.ts';
import { exportChunks } from '../../../src/core/export/export-rows.ts';
import { csvRowCounter } from '../../../src/text/csv.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { channel, conversation, type Fx } from './fixtures.ts';

/**
 * Export of conversations and messages (issue "Automation and integrations", item 6): streamed in
 * batches whatever the size, filtered by days in the organisation's time zone, channel and label,
 * CSV that spreadsheets read safely, JSON, and admins only.
 */
let t: TestApp;
let org: Awaited<ReturnType<TestApp['newOrganization']>>;
let fx: Fx;
let wa: number;
let fb: number;
let big: number;
let small: number;
const MANY = 2500;

/** A small RFC 4180 reader, to read back what the export wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (quoted) cell += ch;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

const download = (url: string, token = org.token) => t.app.inject({ url, headers: { authorization: `Bearer ${token}` } });

beforeAll(async () => {
  t = await createTestApp();
  org = await t.newOrganization('Export');
  await t.ctx.db.updateTable('organizations').set({ time_zone: 'America/New_York' }).where('id', '=', org.organizationId).execute();
  fx = { db: t.ctx.db, organizationId: org.organizationId };
  wa = await channel(fx, 'whatsapp', 'Export WhatsApp');
  fb = await channel(fx, 'messenger', 'Export Messenger');
  // 04:30 UTC on 3 November is still the 2nd in New York.
  small = await conversation(fx, {
    channelId: fb,
    created: '2026-11-03T04:30:00Z',
    labels: ['vip'],
    messages: [
      { at: 0, dir: 'inbound' },
      { at: 10, dir: 'outbound' },
    ],
  });
  await t.ctx.db
    .updateTable('messages')
    .set({ content: '=HYPERLINK("http://evil.test","click"), then\n"a new line"' })
    .where('conversation_id', '=', small)
    .where('direction', '=', 'inbound')
    .execute();
  big = await conversation(fx, { channelId: wa, created: '2026-11-04T12:00:00Z', labels: ['bulk'], messages: [{ at: 0, dir: 'inbound' }] });
  // Many messages sharing timestamps to the microsecond: the keyset must neither skip nor repeat ties.
  await sql`
    insert into messages (organization_id, conversation_id, channel_id, direction, content, content_type, status, platform_timestamp)
    select ${org.organizationId}, ${big}, ${wa}, 'inbound', 'bulk ' || g, 'text', 'delivered', timestamptz '2026-11-04 12:00:01.000001+00' + (g / 7) * interval '1 microsecond'
    from generate_series(1, ${MANY - 1}) g`.execute(t.ctx.db);
  const other = await t.newOrganization('Other');
  const otherFx: Fx = { db: t.ctx.db, organizationId: other.organizationId };
  await conversation(otherFx, { channelId: await channel(otherFx, 'whatsapp', 'Other'), created: '2026-11-04T12:00:00Z', labels: ['bulk'], messages: [{ at: 0, dir: 'inbound' }] });
});
afterAll(async () => t?.close());

describe('exporting messages and conversations', () => {
  it('streams every message once as CSV, the count first, formulas defused and quotes intact', async () => {
    const res = await download('/api/v1/export/messages?format=csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toBe('attachment; filename="snorq-messages.csv"');
    expect(Number(res.headers['x-total-count'])).toBe(MANY + 2);
    expect(res.body.startsWith('\uFEFFid,conversation_id,at,')).toBe(true);
    const rows = parseCsv(res.body.slice(1));
    expect(rows).toHaveLength(MANY + 3);
    expect(csvRowCounter()(res.body)).toBe(MANY + 3);
    const ids = rows.slice(1).map((r) => r[0]);
    expect(new Set(ids).size).toBe(MANY + 2);
    const header = rows[0]!;
    const tricky = rows.find((r) => r[header.indexOf('conversation_id')] === String(small) && r[header.indexOf('direction')] === 'inbound')!;
    expect(tricky[header.indexOf('content')]).toBe(`'=HYPERLINK("http://evil.test","click"), then\n"a new line"`);
    expect(tricky[header.indexOf('platform')]).toBe('messenger');
    expect(tricky[header.indexOf('private_note')]).toBe('false');
  });

  it('filters by days in the organisation’s time zone, by channel and by label, as JSON', async () => {
    const json = async (q: string) => {
      const res = await download(`/api/v1/export/messages?format=json&${q}`);
      expect(res.statusCode, res.body).toBe(200);
      const rows = res.json() as { conversation_id: number; at: string }[];
      expect(rows).toHaveLength(Number(res.headers['x-total-count']));
      return rows;
    };
    expect((await json('from=2026-11-02&to=2026-11-02')).map((r) => r.conversation_id)).toEqual([small, small]);
    expect(await json('from=2026-11-03')).toHaveLength(MANY);
    expect(await json(`channelId=${fb}`)).toHaveLength(2);
    expect(await json('label=bulk')).toHaveLength(MANY);
    expect(await json('label=nothing')).toEqual([]);
    const conversations = await download('/api/v1/export/conversations?format=json&to=2026-11-02');
    expect(conversations.json()).toEqual([expect.objectContaining({ id: small, channel: 'Export Messenger', platform: 'messenger', labels: 'vip', status: 'open' })]);
    const csv = await download('/api/v1/export/conversations?from=2026-11-01&to=2026-11-30');
    expect(parseCsv(csv.body.slice(1)).map((r) => r[0])).toEqual(['id', String(small), String(big)]);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="snorq-conversations-2026-11-01-2026-11-30.csv"');
  });

  it('reads in batches, one at a time, only as the download takes them', async () => {
    const batches: number[] = [];
    const chunks = exportChunks(t.ctx.db, org.organizationId, 'messages', { format: 'csv' }, { batchSize: 100, onBatch: (n) => batches.push(n) });
    await chunks.next(); // the header
    await chunks.next();
    expect(batches).toEqual([100]);
    await chunks.next();
    expect(batches).toEqual([100, 100]);
    let rows = 200;
    for await (const chunk of chunks) rows += csvRowCounter()(chunk);
    expect(rows).toBe(MANY + 2);
    expect(Math.max(...batches)).toBe(100);
    expect(batches).toHaveLength(Math.ceil((MANY + 2) / 100));
  });

  it('is for admins only, and refuses a range that ends before it starts', async () => {
    const email = 'export-agent@example.test';
    await createUser(t.ctx.db, { organizationId: org.organizationId, email, name: 'Agent', role: 'agent', password: 'agent password 12' });
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'agent password 12' } });
    const agentToken = login.json().token as string;
    expect((await download('/api/v1/export/messages', agentToken)).statusCode).toBe(403);
    const bad = await download('/api/v1/export/messages?from=2026-11-05&to=2026-11-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { details: { field: 'from' } } });
    expect((await download('/api/v1/export/everything')).statusCode).toBe(400);
  });
});
