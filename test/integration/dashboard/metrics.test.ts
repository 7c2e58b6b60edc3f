import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationPage } from '../../../src/contract/conversations.ts';
import type { Metrics } from '../../../src/contract/metrics.ts';
import { inboxMetrics } from '../../../src/core/metrics/inbox-metrics.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { agent, channel, conversation, type Fx } from './fixtures.ts';

/**
 * The dashboard's figures against hand-computed fixtures, in an organisation on Berlin time, and
 * the links behind them: the inbox list under each row's filters answers exactly the conversations
 * the row counted (issue "The inbox an agent would choose", item 6).
 */
let t: TestApp;
let org: Awaited<ReturnType<TestApp['newOrganization']>>;
const ids: Record<string, number> = {};
let ana: number;
let wa: number;
let fb: number;
const RANGE = 'from=2026-11-02&to=2026-11-08';
const LIST_RANGE = 'createdFrom=2026-11-02&createdTo=2026-11-08';

const get = async <T>(url: string, token = org.token): Promise<T> => {
  const res = await t.app.inject({ url, headers: { authorization: `Bearer ${token}` } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as T;
};
const listIds = async (query: string) => (await get<ConversationPage>(`/api/v1/conversations?limit=500&${query}`)).conversations.map((c) => c.id).sort((a, b) => a - b);
const sorted = (...xs: number[]) => [...xs].sort((a, b) => a - b);

beforeAll(async () => {
  t = await createTestApp();
  org = await t.newOrganization('Dashboard');
  await t.ctx.db.updateTable('organizations').set({ time_zone: 'Europe/Berlin' }).where('id', '=', org.organizationId).execute();
  const fx: Fx = { db: t.ctx.db, organizationId: org.organizationId };
  wa = await channel(fx, 'whatsapp', 'Shop WhatsApp');
  fb = await channel(fx, 'messenger', 'Shop Messenger');
  ana = await agent(fx, 'Ana');
  // 23:30 UTC on 1 November is 00:30 on the 2nd in Berlin: inside the range.
  ids.c1 = await conversation(fx, {
    channelId: wa,
    created: '2026-11-01T23:30:00Z',
    assigneeId: ana,
    labels: ['billing'],
    status: 'resolved',
    resolvedAfter: 600,
    messages: [
      { at: 0, dir: 'inbound' },
      { at: 30, dir: 'outbound', note: true },
      { at: 60, dir: 'outbound', failed: true },
      { at: 120, dir: 'outbound' },
    ],
  });
  ids.c2 = await conversation(fx, {
    channelId: wa,
    created: '2026-11-03T10:00:00Z',
    assigneeId: ana,
    labels: ['billing', 'vip'],
    unread: 1,
    messages: [
      { at: 0, dir: 'inbound' },
      { at: 60, dir: 'inbound' },
      { at: 300, dir: 'outbound' },
    ],
  });
  ids.c3 = await conversation(fx, { channelId: fb, created: '2026-11-05T10:00:00Z', labels: ['vip'], waiting: true, unread: 1, messages: [{ at: 0, dir: 'inbound' }] });
  // The business wrote first: the first response counts from the customer's first message.
  ids.c4 = await conversation(fx, {
    channelId: fb,
    created: '2026-11-06T10:00:00Z',
    assigneeId: org.adminId,
    status: 'resolved',
    resolvedAfter: 1000,
    messages: [
      { at: 0, dir: 'outbound' },
      { at: 100, dir: 'inbound' },
      { at: 400, dir: 'outbound' },
    ],
  });
  // Outside the range in Berlin (00:30 on the 9th; 23:30 on the 1st), and a thread with no message.
  ids.later = await conversation(fx, { channelId: wa, created: '2026-11-08T23:30:00Z', assigneeId: ana, labels: ['billing'], status: 'pending', waiting: true, messages: [{ at: 0, dir: 'inbound' }] });
  ids.earlier = await conversation(fx, { channelId: wa, created: '2026-11-01T22:30:00Z', labels: ['vip'], messages: [{ at: 0, dir: 'inbound' }] });
  ids.empty = await conversation(fx, { channelId: wa, created: '2026-11-04T10:00:00Z', labels: ['vip'], messages: [] });
  // Open on a third platform, nobody waiting, before the range: in no "waiting" breakdown.
  ids.quiet = await conversation(fx, { channelId: await channel(fx, 'instagram', 'Quiet'), created: '2026-10-20T10:00:00Z', messages: [{ at: 0, dir: 'outbound' }] });
  // Another organisation's conversation in the same days counts nowhere.
  const other = await t.newOrganization('Other');
  const otherFx: Fx = { db: t.ctx.db, organizationId: other.organizationId };
  await conversation(otherFx, { channelId: await channel(otherFx, 'whatsapp', 'Other'), created: '2026-11-03T10:00:00Z', labels: ['vip'], waiting: true, messages: [{ at: 0, dir: 'inbound' }] });
});
afterAll(async () => t?.close());

describe('the dashboard over a range of days', () => {
  it('counts each breakdown as computed by hand', async () => {
    const m = await get<Metrics>(`/api/v1/metrics?${RANGE}`);
    expect(m.range).toEqual({ from: '2026-11-02', to: '2026-11-08', timeZone: 'Europe/Berlin' });
    expect(m.days).toBe(7);
    // First responses 120 (the note and the failed reply are no answer), 300, 300; resolutions 600 and 1000.
    expect(m.breakdowns.total).toEqual({ conversations: 4, resolved: 2, inbound: 5, outbound: 5, answered: 3, firstResponseMedianSeconds: 300, resolutionMedianSeconds: 800 });
    const agents = Object.fromEntries(m.breakdowns.agents.map((a) => [String(a.userId), a]));
    expect(agents[String(ana)]).toEqual({
      userId: ana,
      name: 'Ana',
      conversations: 2,
      resolved: 1,
      inbound: 3,
      outbound: 3,
      answered: 2,
      firstResponseMedianSeconds: 210,
      resolutionMedianSeconds: 600,
    });
    expect(agents[String(org.adminId)]).toMatchObject({ conversations: 1, resolved: 1, answered: 1, firstResponseMedianSeconds: 300, resolutionMedianSeconds: 1000 });
    expect(agents.null).toEqual({ userId: null, name: null, conversations: 1, resolved: 0, inbound: 1, outbound: 0, answered: 0, firstResponseMedianSeconds: null, resolutionMedianSeconds: null });
    const labels = Object.fromEntries(m.breakdowns.labels.map((l) => [l.label, l]));
    expect(Object.keys(labels).sort()).toEqual(['billing', 'vip']);
    expect(labels.billing).toMatchObject({ conversations: 2, resolved: 1, firstResponseMedianSeconds: 210, resolutionMedianSeconds: 600 });
    expect(labels.vip).toMatchObject({ conversations: 2, resolved: 0, inbound: 3, outbound: 1, answered: 1, firstResponseMedianSeconds: 300, resolutionMedianSeconds: null });
    const channels = Object.fromEntries(m.breakdowns.channels.map((c) => [c.channelId, c]));
    expect(channels[wa]).toMatchObject({ name: 'Shop WhatsApp', platform: 'whatsapp', conversations: 2, firstResponseMedianSeconds: 210 });
    expect(channels[fb]).toMatchObject({ name: 'Shop Messenger', platform: 'messenger', conversations: 2, resolved: 1, firstResponseMedianSeconds: 300, resolutionMedianSeconds: 1000 });
  });

  it('puts each message on its day in the organisation’s time zone', async () => {
    const m = await get<Metrics>(`/api/v1/metrics?${RANGE}`);
    // c1's messages, 23:30–23:32 UTC on the 1st, are on the 2nd in Berlin; the note is not counted.
    expect(m.volumeByDay.find((v) => v.day === '2026-11-02')).toEqual({ day: '2026-11-02', platform: 'whatsapp', inbound: 1, outbound: 2 });
    expect(m.volumeByDay.some((v) => v.day < '2026-11-02' || v.day > '2026-11-08')).toBe(false);
  });

  it('links every row to exactly the conversations it counted', async () => {
    const m = await get<Metrics>(`/api/v1/metrics?${RANGE}`);
    expect(await listIds(LIST_RANGE)).toEqual(sorted(ids.c1!, ids.c2!, ids.c3!, ids.c4!));
    for (const a of m.breakdowns.agents) {
      const found = await listIds(`${LIST_RANGE}&assignee=${a.userId ?? 'unassigned'}`);
      expect(found, `agent ${a.name}`).toHaveLength(a.conversations);
    }
    expect(await listIds(`${LIST_RANGE}&assignee=${ana}`)).toEqual(sorted(ids.c1!, ids.c2!));
    expect(await listIds(`${LIST_RANGE}&assignee=unassigned`)).toEqual([ids.c3]);
    for (const l of m.breakdowns.labels) expect(await listIds(`${LIST_RANGE}&label=${encodeURIComponent(l.label)}`), l.label).toHaveLength(l.conversations);
    expect(await listIds(`${LIST_RANGE}&label=vip`)).toEqual(sorted(ids.c2!, ids.c3!));
    for (const c of m.breakdowns.channels) expect(await listIds(`${LIST_RANGE}&channelId=${c.channelId}`), c.name).toHaveLength(c.conversations);
    expect(await listIds(`${LIST_RANGE}&channelId=${fb}`)).toEqual(sorted(ids.c3!, ids.c4!));
  });

  it('counts "right now" as the inbox lists it', async () => {
    const m = await get<Metrics>(`/api/v1/metrics?${RANGE}`);
    expect(m.waiting.count).toBe(2);
    expect(m.waiting.byPlatform.map((p) => [p.platform, p.count]).sort()).toEqual([
      ['messenger', 1],
      ['whatsapp', 1],
    ]);
    expect(await listIds('status=open&waiting=true')).toEqual([ids.c3]);
    expect(await listIds('waiting=true')).toEqual(sorted(ids.c3!, ids.later!));
    expect(m.unanswered).toBe((await listIds('status=open&unread=unanswered')).length);
    expect(m.unanswered).toBe(2);
    expect(m.openConversations).toBe((await listIds('status=open')).length);
  });

  it('times responses per platform from each question to the next reply that reached the customer, past the range’s end too', async () => {
    // c1 120 s (the note and the failed reply are no answer), c2 300 s (its second message is the same question), c4 300 s; c3 unanswered.
    const m = await get<Metrics>(`/api/v1/metrics?${RANGE}`);
    expect(m.responseTimes).toEqual({
      medianSeconds: 300,
      p90Seconds: 300,
      answered: 3,
      byPlatform: expect.arrayContaining([
        { platform: 'whatsapp', medianSeconds: 210, p90Seconds: 282, answered: 2 },
        { platform: 'messenger', medianSeconds: 300, p90Seconds: 300, answered: 1 },
      ]),
    });
    expect(m.responseTimes.byPlatform).toHaveLength(2);
    // A question at 23:55 Berlin answered at 00:05 the next day: counted in the question's day.
    const late = await t.newOrganization('Late answers');
    await t.ctx.db.updateTable('organizations').set({ time_zone: 'Europe/Berlin' }).where('id', '=', late.organizationId).execute();
    const lateFx: Fx = { db: t.ctx.db, organizationId: late.organizationId };
    await conversation(lateFx, {
      channelId: await channel(lateFx, 'whatsapp', 'Late'),
      created: '2026-11-02T22:55:00Z',
      messages: [
        { at: 0, dir: 'inbound' },
        { at: 600, dir: 'outbound' },
      ],
    });
    const lateDay = await get<Metrics>('/api/v1/metrics?from=2026-11-02&to=2026-11-02', late.token);
    expect(lateDay.responseTimes).toMatchObject({ medianSeconds: 600, answered: 1 });
  });

  it('finds the same response times while the range has not ended yet (no reply can lie past it)', async () => {
    const range = { from: '2026-11-02', to: '2026-11-08', timeZone: 'Europe/Berlin' };
    const ended = await inboxMetrics(t.ctx.db, org.organizationId, range, new Date('2026-11-20T12:00:00Z'));
    // "now" inside the range's last day: the lookups past its end are skipped; c3 stays unanswered
    const running = await inboxMetrics(t.ctx.db, org.organizationId, range, new Date('2026-11-08T12:00:00Z'));
    expect(running.responseTimes).toEqual(ended.responseTimes);
    expect(running.responseTimes).toMatchObject({ medianSeconds: 300, answered: 3 });
  });

  it('refuses a range that ends before it starts or spans more than a year, naming the field', async () => {
    for (const q of ['from=2026-11-08&to=2026-11-02', 'from=2025-01-01&to=2026-11-02', 'from=2026-13-01']) {
      const res = await t.app.inject({ url: `/api/v1/metrics?${q}`, headers: { authorization: `Bearer ${org.token}` } });
      expect(res.statusCode, q).toBe(400);
    }
    const bad = await t.app.inject({ url: '/api/v1/metrics?from=2026-11-08&to=2026-11-02', headers: { authorization: `Bearer ${org.token}` } });
    expect(bad.json()).toMatchObject({ error: { details: { field: 'from' } } });
    expect((await t.app.inject({ url: '/api/v1/conversations?createdFrom=yesterday', headers: { authorization: `Bearer ${org.token}` } })).statusCode).toBe(400);
  });

  it('stamps when a conversation is resolved, whoever resolves it, and clears it when reopened', async () => {
    const row = () =>
      t.ctx.db
        .selectFrom('conversations')
        .select(sql<Date | null>`resolved_at`.as('at'))
        .where('id', '=', ids.c2!)
        .executeTakeFirstOrThrow();
    await t.ctx.db.updateTable('conversations').set({ status: 'resolved' }).where('id', '=', ids.c2!).execute();
    const first = (await row()).at;
    expect(first).toBeInstanceOf(Date);
    await t.ctx.db.updateTable('conversations').set({ status: 'resolved', priority: 'high' }).where('id', '=', ids.c2!).execute();
    expect((await row()).at).toEqual(first);
    await t.ctx.db.updateTable('conversations').set({ status: 'open' }).where('id', '=', ids.c2!).execute();
    expect((await row()).at).toBeNull();
  });
});
