import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/core/accounts/users.ts';
import { bulkUpdateConversations } from '../../src/core/conversations/bulk-update-conversations.ts';
import type { Db } from '../../src/db/database.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * POST /api/v1/conversations/bulk: each action over ids and over a filter (the list's own
 * parameters), what counts as changed, one `conversation:updated` per changed conversation,
 * chunks of 500, other organisations' ids, and bad input.
 */
let t: TestApp;
let db: Db;
type Org = Awaited<ReturnType<TestApp['newOrganization']>>;
let a: Org;
let b: Org;

beforeAll(async () => {
  t = await createTestApp();
  db = t.ctx.db;
  a = await t.newOrganization('A');
  b = await t.newOrganization('B');
});
afterAll(async () => {
  await t?.close();
});

const bulk = (org: Org, body: unknown) =>
  t.app.inject({ method: 'POST', url: '/api/v1/conversations/bulk', headers: { authorization: `Bearer ${org.token}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) });

interface Seed {
  status?: 'open' | 'pending' | 'resolved' | 'snoozed';
  unread?: number;
  labels?: string[];
  platform?: 'whatsapp' | 'messenger';
}

/**
 * `n` conversations of one new channel, in three statements whatever `n` (10,000 take a second),
 * each with a message time (the list shows only threads with messages). Returns their ids, ascending.
 */
async function seed(organizationId: number, n: number, s: Seed = {}): Promise<number[]> {
  const tag = randomBytes(4).toString('hex');
  const platform = s.platform ?? 'whatsapp';
  const channel = await db
    .insertInto('channels')
    .values({ organization_id: organizationId, platform, external_account_id: `bulk-${tag}`, display_name: `Bulk ${tag}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`
    with people as (
      insert into contacts (organization_id, display_name) select ${organizationId}, ${`Bulk ${tag} `} || g from generate_series(1, ${n}::int) g returning id
    )
    insert into contact_identities (organization_id, contact_id, channel_id, platform, platform_user_id)
    select ${organizationId}, id, ${channel.id}, ${platform}, ${`${tag}-`} || id from people`.execute(db);
  const rows = await sql<{ id: number }>`
    insert into conversations (organization_id, channel_id, contact_identity_id, contact_id, status, snoozed_until, unread_count, labels, last_message_at, last_message_preview)
    select ${organizationId}, ${channel.id}, i.id, i.contact_id, ${s.status ?? 'open'}, ${s.status === 'snoozed' ? new Date(Date.now() + 86_400_000) : null}::timestamptz,
           ${s.unread ?? 0}, ${s.labels ?? []}::text[], now() - (i.id || ' seconds')::interval, 'hello'
    from contact_identities i where i.channel_id = ${channel.id}
    returning id`.execute(db);
  return rows.rows.map((r) => r.id).sort((x, y) => x - y);
}

/** Inbound messages not yet read, as a customer's arrive. */
async function addInbound(conversationId: number, count: number): Promise<number[]> {
  const conv = await db.selectFrom('conversations').select(['organization_id', 'channel_id']).where('id', '=', conversationId).executeTakeFirstOrThrow();
  const rows = await db
    .insertInto('messages')
    .values(
      Array.from({ length: count }, (_, i) => ({
        organization_id: conv.organization_id,
        conversation_id: conversationId,
        channel_id: conv.channel_id,
        direction: 'inbound' as const,
        content: `m${i}`,
        content_type: 'text' as const,
        status: 'delivered' as const,
        external_id: `in-${conversationId}-${i}-${randomBytes(3).toString('hex')}`,
        platform_timestamp: new Date(),
      })),
    )
    .returning('id')
    .execute();
  await db.updateTable('conversations').set({ unread_count: count }).where('id', '=', conversationId).execute();
  return rows.map((r) => r.id);
}

const rowsOf = (ids: number[]) => db.selectFrom('conversations').selectAll().where('id', 'in', ids).orderBy('id').execute();
const seqOf = async (organizationId: number) => (await db.selectFrom('organizations').select('event_seq').where('id', '=', organizationId).executeTakeFirstOrThrow()).event_seq;
/** The `conversation:updated` events appended after `seq`, by conversation id. */
async function eventsAfter(organizationId: number, seq: number) {
  const rows = await db.selectFrom('events').select(['type', 'payload']).where('organization_id', '=', organizationId).where('seq', '>', seq).orderBy('seq').execute();
  return rows.map((r) => ({ type: r.type, payload: r.payload as { conversation: { id: number; status: string; unreadCount: number; labels: string[] }; readMessageIds?: number[] } }));
}

describe('each action over a selection of ids', () => {
  it('resolves, counting only those it changed, one live event each; reopen and snooze follow the single-conversation rules', async () => {
    const open = await seed(a.organizationId, 3);
    const [done] = await seed(a.organizationId, 1, { status: 'resolved' });
    const [snoozed] = await seed(a.organizationId, 1, { status: 'snoozed' });
    const seq = await seqOf(a.organizationId);
    const res = await bulk(a, { action: 'resolve', ids: [...open, done, snoozed] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ changed: 4 });
    const rows = await rowsOf([...open, done!, snoozed!]);
    expect(rows.map((r) => [r.status, r.snoozed_until])).toEqual(rows.map(() => ['resolved', null]));
    const events = await eventsAfter(a.organizationId, seq);
    expect(events.map((e) => [e.type, e.payload.conversation.id, e.payload.conversation.status])).toEqual([...open, snoozed].map((id) => ['conversation:updated', id, 'resolved']));

    expect((await bulk(a, { action: 'reopen', ids: [...open, done] })).json()).toEqual({ changed: 4 });
    expect((await rowsOf(open)).map((r) => r.status)).toEqual(['open', 'open', 'open']);

    const until = new Date(Date.now() + 3 * 3600_000);
    expect((await bulk(a, { action: 'snooze', snoozedUntil: until.toISOString(), ids: open })).json()).toEqual({ changed: 3 });
    expect((await rowsOf(open)).map((r) => [r.status, r.snoozed_until?.toISOString()])).toEqual(open.map(() => ['snoozed', until.toISOString()]));
    // The same time again changes nothing; another time is a change.
    expect((await bulk(a, { action: 'snooze', snoozedUntil: until.toISOString(), ids: open })).json()).toEqual({ changed: 0 });
    expect((await bulk(a, { action: 'snooze', snoozedUntil: new Date(until.getTime() + 60_000).toISOString(), ids: open })).json()).toEqual({ changed: 3 });
    // Reopening ends the snooze, as PATCH does.
    expect((await bulk(a, { action: 'reopen', ids: open })).json()).toEqual({ changed: 3 });
    expect((await rowsOf(open)).map((r) => r.snoozed_until)).toEqual([null, null, null]);
  });

  it('assigns to an agent and unassigns; an agent of another organisation or a disabled one is refused and nothing changes', async () => {
    const ids = await seed(a.organizationId, 2);
    const agent = await createUser(db, { organizationId: a.organizationId, email: `agent-${randomBytes(3).toString('hex')}@bulk.test`, name: 'Agent', role: 'agent', password: 'agent password 1' });
    const seq = await seqOf(a.organizationId);
    expect((await bulk(a, { action: 'assign', assigneeId: agent.id, ids })).json()).toEqual({ changed: 2 });
    expect((await rowsOf(ids)).map((r) => r.assignee_id)).toEqual([agent.id, agent.id]);
    // Each change says who handed it over, as PATCH's do (the assignee's notification), and each
    // thread gets its line saying so (a system note, announced as a new message).
    const events = await eventsAfter(a.organizationId, seq);
    expect(events.filter((e) => e.type === 'conversation:updated').map((e) => (e.payload as { assignedBy?: number }).assignedBy)).toEqual([a.adminId, a.adminId]);
    expect(events.filter((e) => e.type !== 'conversation:updated').map((e) => e.type)).toEqual(['new:message', 'new:message']);
    expect((await bulk(a, { action: 'assign', assigneeId: agent.id, ids })).json()).toEqual({ changed: 0 });

    const foreign = await bulk(a, { action: 'assign', assigneeId: b.adminId, ids });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.code).toBe('VALIDATION_FAILED');
    await db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', agent.id).execute();
    expect((await bulk(a, { action: 'assign', assigneeId: agent.id, ids })).statusCode).toBe(400);
    expect((await rowsOf(ids)).map((r) => r.assignee_id)).toEqual([agent.id, agent.id]);

    expect((await bulk(a, { action: 'assign', assigneeId: null, ids })).json()).toEqual({ changed: 2 });
    expect((await rowsOf(ids)).map((r) => r.assignee_id)).toEqual([null, null]);
  });

  it('labels (trimmed, never twice) and unlabels, keeping the other labels', async () => {
    const [plain, tagged] = [await seed(a.organizationId, 2), await seed(a.organizationId, 1, { labels: ['vip', 'billing'] })];
    const ids = [...plain, ...tagged];
    expect((await bulk(a, { action: 'label', label: ' vip ', ids })).json()).toEqual({ changed: 2 });
    expect((await rowsOf(ids)).map((r) => r.labels)).toEqual([['vip'], ['vip'], ['vip', 'billing']]);
    expect((await bulk(a, { action: 'unlabel', label: 'vip', ids })).json()).toEqual({ changed: 3 });
    expect((await rowsOf(ids)).map((r) => r.labels)).toEqual([[], [], ['billing']]);
    expect((await bulk(a, { action: 'unlabel', label: 'vip', ids })).json()).toEqual({ changed: 0 });
    expect((await bulk(a, { action: 'label', label: '   ', ids })).statusCode).toBe(400);
  });

  it('sets the priority', async () => {
    const ids = await seed(a.organizationId, 2);
    expect((await bulk(a, { action: 'set_priority', priority: 'urgent', ids })).json()).toEqual({ changed: 2 });
    expect((await rowsOf(ids)).map((r) => r.priority)).toEqual(['urgent', 'urgent']);
    expect((await bulk(a, { action: 'set_priority', priority: 'urgent', ids })).json()).toEqual({ changed: 0 });
  });

  it('marks read as opening a thread does (messages read, their ids in the event) and unread again', async () => {
    const [one, two, quiet] = await seed(a.organizationId, 3);
    const oneMessages = await addInbound(one!, 2);
    const twoMessages = await addInbound(two!, 1);
    const seq = await seqOf(a.organizationId);
    expect((await bulk(a, { action: 'mark_read', ids: [one, two, quiet] })).json()).toEqual({ changed: 2 });
    expect((await rowsOf([one!, two!, quiet!])).map((r) => r.unread_count)).toEqual([0, 0, 0]);
    const statuses = await db
      .selectFrom('messages')
      .select('status')
      .where('id', 'in', [...oneMessages, ...twoMessages])
      .execute();
    expect(statuses.map((m) => m.status)).toEqual(['read', 'read', 'read']);
    const events = await eventsAfter(a.organizationId, seq);
    expect(events.map((e) => [e.payload.conversation.id, e.payload.conversation.unreadCount, e.payload.readMessageIds?.sort()])).toEqual([
      [one, 0, oneMessages.sort()],
      [two, 0, twoMessages],
    ]);

    expect((await bulk(a, { action: 'mark_unread', ids: [one, two] })).json()).toEqual({ changed: 2 });
    expect((await rowsOf([one!, two!])).map((r) => r.unread_count)).toEqual([1, 1]);
    expect((await bulk(a, { action: 'mark_unread', ids: [one, two] })).json()).toEqual({ changed: 0 });
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id', 'details'])
      .where('organization_id', '=', a.organizationId)
      .where('action', '=', 'conversations.bulk-updated')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_user_id: a.adminId, details: { action: 'mark_unread', changed: 2, ids: 2 } });
  });
});

describe('over a filter', () => {
  it('changes exactly what the list shows under the same parameters', async () => {
    const org = await t.newOrganization('Filtered');
    const vipOpen = await seed(org.organizationId, 4, { labels: ['vip'] });
    await seed(org.organizationId, 3, { labels: ['vip'], status: 'pending' });
    await seed(org.organizationId, 2);
    await seed(org.organizationId, 2, { labels: ['vip'], platform: 'messenger' });
    const listed = await t.app.inject({ url: '/api/v1/conversations?status=open&label=vip&platform=whatsapp&limit=200', headers: { authorization: `Bearer ${org.token}` } });
    expect((listed.json().conversations as { id: number }[]).map((c) => c.id).sort((x, y) => x - y)).toEqual(vipOpen);

    const res = await bulk(org, { action: 'resolve', filter: { status: 'open', label: 'vip', platform: 'WhatsApp' } });
    expect(res.json()).toEqual({ changed: 4 });
    const resolved = await db.selectFrom('conversations').select('id').where('organization_id', '=', org.organizationId).where('status', '=', 'resolved').orderBy('id').execute();
    expect(resolved.map((r) => r.id)).toEqual(vipOpen);

    // `unread` as the query string spells it, or as a JSON boolean.
    const [unreadOne] = await seed(org.organizationId, 1, { unread: 3 });
    expect((await bulk(org, { action: 'set_priority', priority: 'high', filter: { unread: 'true' } })).json()).toEqual({ changed: 1 });
    expect((await bulk(org, { action: 'mark_read', filter: { unread: true } })).json()).toEqual({ changed: 1 });
    expect((await rowsOf([unreadOne!]))[0]).toMatchObject({ priority: 'high', unread_count: 0 });
  });

  it('goes 500 conversations per transaction, each chunk committed and announced before the next', async () => {
    const org = await t.newOrganization('Chunks');
    await seed(org.organizationId, 1201);
    const seq = await seqOf(org.organizationId);
    const progress: { chunks: number; changed: number; committed: number }[] = [];
    const result = await bulkUpdateConversations(
      db,
      { organizationId: org.organizationId, userId: org.adminId },
      { filter: {} },
      { action: 'set_priority', priority: 'low' },
      {
        onChunk: async (p) => {
          const low = await db
            .selectFrom('conversations')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('organization_id', '=', org.organizationId)
            .where('priority', '=', 'low')
            .executeTakeFirstOrThrow();
          progress.push({ ...p, committed: Number(low.n) });
        },
      },
    );
    expect(result).toEqual({ changed: 1201 });
    // Each chunk is visible to other connections as soon as it is done: its own transaction.
    expect(progress).toEqual([
      { chunks: 1, changed: 500, committed: 500 },
      { chunks: 2, changed: 1000, committed: 1000 },
      { chunks: 3, changed: 1201, committed: 1201 },
    ]);
    // One appendEvents per chunk: the counter moved by exactly the changed count.
    expect((await seqOf(org.organizationId)) - seq).toBe(1201);
  });
});

describe('nothing to change', () => {
  it('answers 0 changed for an empty selection, a filter matching nothing, and ids that do not exist', async () => {
    const seq = await seqOf(a.organizationId);
    expect((await bulk(a, { action: 'resolve', ids: [] })).json()).toEqual({ changed: 0 });
    expect((await bulk(a, { action: 'resolve', filter: { label: 'no-such-label' } })).json()).toEqual({ changed: 0 });
    expect((await bulk(a, { action: 'resolve', filter: { platform: 'tiktok' } })).json()).toEqual({ changed: 0 });
    expect((await bulk(a, { action: 'resolve', ids: [2 ** 31, 2 ** 40] })).json()).toEqual({ changed: 0 });
    expect(await seqOf(a.organizationId)).toBe(seq);
  });

  it('never changes, counts or announces another organisation’s conversations', async () => {
    const theirs = await seed(a.organizationId, 3, { labels: ['a-only'] });
    const mine = await seed(b.organizationId, 1);
    const before = await rowsOf(theirs);
    const seqA = await seqOf(a.organizationId);
    const res = await bulk(b, { action: 'resolve', ids: [...theirs, ...mine] });
    expect(res.json()).toEqual({ changed: 1 });
    // The same answer as for ids that do not exist: nothing about A's ids is revealed.
    expect((await bulk(b, { action: 'label', label: 'x', ids: theirs })).json()).toEqual({ changed: 0 });
    expect((await bulk(b, { action: 'unlabel', label: 'a-only', filter: {} })).json()).toEqual({ changed: 0 });
    expect((await bulk(b, { action: 'mark_unread', filter: {} })).json()).toEqual({ changed: 1 });
    expect(await rowsOf(theirs)).toEqual(before);
    expect(await seqOf(a.organizationId)).toBe(seqA);
  });
});

describe('bad input', () => {
  it('is a 400 with a code, and changes nothing', async () => {
    const ids = await seed(a.organizationId, 1);
    const cases: unknown[] = [
      { action: 'resolve' },
      { action: 'resolve', ids, filter: {} },
      { action: 'resolve', filter: { stauts: 'open' } },
      { action: 'explode', ids },
      { action: 'snooze', ids },
      { action: 'snooze', ids, snoozedUntil: 'tomorrow' },
      { action: 'assign', ids },
      { action: 'label', ids, label: '' },
      { action: 'set_priority', ids, priority: 'whenever' },
      { action: 'resolve', ids: ['1'] },
      { action: 'resolve', ids: Array.from({ length: 5001 }, (_, i) => i + 1) },
      { action: 'resolve', ids, priority: 'high' },
    ];
    for (const body of cases) {
      const res = await bulk(a, body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await rowsOf(ids))[0]!.status).toBe('open');
  });
});

describe('10,000 conversations', () => {
  it('are resolved chunk by chunk while another request is answered in the middle', async () => {
    const org = await t.newOrganization('Ten thousand');
    const ids = await seed(org.organizationId, 10_000);
    const seq = await seqOf(org.organizationId);
    // The chunks are observable: each commit notifies `snorq_events` with the organisation's seq.
    const listener = new pg.Client({ connectionString: t.config.DATABASE_URL });
    await listener.connect();
    await listener.query('listen snorq_events');
    const twoChunksIn = new Promise<void>((resolve) =>
      listener.on('notification', (n) => {
        const [orgId, at] = (n.payload ?? '').split(':').map(Number);
        if (orgId === org.organizationId && at! - seq >= 1000) resolve();
      }),
    );
    // Another transaction holds the first row of the third chunk: the bulk stops there, in the
    // middle, for as long as the test needs, with no clock involved.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let holding!: () => void;
    const held = new Promise<void>((r) => (holding = r));
    const holder = db.transaction().execute(async (trx) => {
      await trx.selectFrom('conversations').select('id').where('id', '=', ids[1000]!).forUpdate().execute();
      holding();
      await released;
    });
    await held;

    let bulkAnswered = false;
    const started = process.hrtime.bigint();
    const running = bulk(org, { action: 'resolve', filter: { status: 'open' } }).then((res) => {
      bulkAnswered = true;
      return res;
    });
    await twoChunksIn;
    const other = await t.app.inject({ url: '/api/v1/conversations?status=resolved&limit=200', headers: { authorization: `Bearer ${org.token}` } });
    expect(other.statusCode).toBe(200);
    expect(bulkAnswered).toBe(false);
    // What the other request saw: the two committed chunks, the newest 200 of them.
    expect(other.json().conversations).toHaveLength(200);
    const midway = await db
      .selectFrom('conversations')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('organization_id', '=', org.organizationId)
      .where('status', '=', 'resolved')
      .executeTakeFirstOrThrow();
    expect(Number(midway.n)).toBe(1000);

    release();
    await holder;
    const res = await running;
    expect(res.json()).toEqual({ changed: 10_000 });
    expect((await seqOf(org.organizationId)) - seq).toBe(10_000);
    await listener.end();

    // For information: the same 10,000 again with nothing in the way.
    const free = process.hrtime.bigint();
    expect((await bulk(org, { action: 'reopen', filter: {} })).json()).toEqual({ changed: 10_000 });
    const ms = (n: bigint) => Math.round(Number(process.hrtime.bigint() - n) / 1e6);
    console.log(`bulk over 10,000 conversations: resolve (held mid-way) ${ms(started)} ms in all; reopen ${ms(free)} ms`);
  });
});
