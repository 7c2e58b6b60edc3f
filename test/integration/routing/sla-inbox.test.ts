import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ConversationSummary } from '../../../src/contract/conversations.ts';
import type { Metrics } from '../../../src/contract/metrics.ts';
import { listConversations } from '../../../src/core/conversations/list-conversations.ts';
import { inboxMetrics } from '../../../src/core/metrics/inbox-metrics.ts';
import type { StoredEvent } from '../../../src/core/realtime/event-stream.ts';
import { announceSlaBreaches, refreshSlaClocks } from '../../../src/core/sla/sla-clocks.ts';
import { metaSignature, whatsappText } from '../../helpers/signing.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { caller, orgWithAgent, WA_SECRET, type OrgUnderTest } from '../settings/settings-helpers.ts';

/**
 * An SLA clock end to end, across Berlin's October clock change and a company holiday: a
 * customer's signed webhook at a fixed past instant, the clock in the list's rows and in the live
 * event, the list's `sla` view and the dashboard's count at instants the test chooses (the core
 * takes the clock; over HTTP "now" is long after the due time), and an answer ending it at once.
 *
 * Friday 23 October 2026, 16:00 in Berlin (14:00 UTC, summer time); hours Monday–Friday 09–17;
 * 120 minutes to the first response. Friday gives 60 (16:00–17:00); the weekend is closed (the
 * clocks go back on Sunday 25th); Monday 26th is the company's holiday; Tuesday 27th opens at 09:00
 * winter time (08:00 UTC) and the last 60 minutes end at 10:00 (09:00 UTC). Warning at 75 %
 * (90 minutes): Tuesday 09:30 (08:30 UTC). Without the holiday it would be Monday; with the summer
 * offset kept, an hour late.
 */
let t: TestApp;
let org: OrgUnderTest;
let as: ReturnType<typeof caller>;
const WROTE = new Date('2026-10-23T14:00:00Z');
const WARN = '2026-10-27T08:30:00.000Z';
const DUE = '2026-10-27T09:00:00.000Z';

beforeAll(async () => {
  t = await createTestApp({ WHATSAPP_APP_SECRET: WA_SECRET });
  as = caller(t);
  org = await orgWithAgent(t, 'sla-inbox');
  const hours = await as(org.admin, 'PATCH', '/api/v1/organization/', {
    timeZone: 'Europe/Berlin',
    businessHours: ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, start: '09:00', end: '17:00' })),
    holidays: [{ date: '2026-10-26', name: 'Betriebsausflug' }],
  });
  expect(hours.statusCode, hours.body).toBe(200);
  const targets = await as(org.admin, 'PUT', '/api/v1/sla-targets', { targets: [{ priority: 'normal', firstResponseMinutes: 120, nextResponseMinutes: null }] });
  expect(targets.statusCode, targets.body).toBe(200);
}, 180_000);
afterAll(async () => t?.close());

async function customerWritesAt(from: string, text: string, at: Date): Promise<number> {
  const id = `wamid.sla-inbox.${Math.random().toString(36).slice(2)}`;
  const payload = JSON.stringify(whatsappText({ phoneNumberId: org.phone, from, name: `Customer ${from}`, id, text, timestamp: at.getTime() }));
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/webhooks/whatsapp',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(WA_SECRET, payload) },
    payload,
  });
  expect(res.statusCode, res.body).toBe(200);
  return (await t.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', id).executeTakeFirstOrThrow()).conversation_id;
}

const principal = () => ({ organizationId: org.id, userId: org.agentId });
const idsAt = async (sla: 'at_risk' | 'breached', now: Date) => (await listConversations(t.ctx.db, principal(), { sla }, now)).conversations.map((c) => c.id);
const listed = async (query: string) => ((await as(org.agent, 'GET', `/api/v1/conversations${query}`)).json() as { conversations: ConversationSummary[] }).conversations;

it('counts business time across the clock change and a holiday, shows it on the row, live, in the SLA views and on the dashboard', async () => {
  const conv = await customerWritesAt('4915550007001', 'Where is my parcel?', WROTE);
  // The routing worker does this after the message too; calling it makes the test wait for nothing.
  await refreshSlaClocks(t.ctx.db, org.id);

  const row = (await listed('')).find((c) => c.id === conv);
  expect(row?.sla).toMatchObject({ kind: 'first', warnAt: WARN, dueAt: DUE });

  // The clock was announced for the list to move live, with no field a rule looks at.
  const events = (await t.ctx.db.selectFrom('events').select(['seq', 'type', 'payload']).where('organization_id', '=', org.id).execute()) as unknown as StoredEvent[];
  const clockEvent = events.find((e) => e.type === 'conversation:updated' && e.payload.slaClock && e.payload.conversation.id === conv);
  expect(clockEvent?.type === 'conversation:updated' && clockEvent.payload.conversation.sla).toMatchObject({ warnAt: WARN, dueAt: DUE });

  // Judged at chosen instants: on time before the warning, at risk from it, breached from the due time.
  expect(await idsAt('at_risk', new Date('2026-10-27T08:29:59Z'))).toEqual([]);
  expect(await idsAt('at_risk', new Date('2026-10-27T08:30:00Z'))).toEqual([conv]);
  expect(await idsAt('breached', new Date('2026-10-27T08:59:59Z'))).toEqual([]);
  expect(await idsAt('breached', new Date(DUE))).toEqual([conv]);
  // Monday (the holiday) is still on time, though 24 wall-clock hours have passed since Friday's 120 minutes ran out.
  expect(await idsAt('at_risk', new Date('2026-10-26T12:00:00Z'))).toEqual([]);
  const range = { from: '2026-10-27', to: '2026-10-27', timeZone: 'Europe/Berlin' };
  expect((await inboxMetrics(t.ctx.db, org.id, range, new Date('2026-10-27T08:45:00Z'))).sla).toEqual({ atRisk: 1, breached: 0 });
  expect((await inboxMetrics(t.ctx.db, org.id, range, new Date('2026-10-27T09:00:00Z'))).sla).toEqual({ atRisk: 0, breached: 1 });

  // Over HTTP it is long past due: the dashboard counts it, its link's list holds exactly it, nearest due first.
  const metrics = (await as(org.agent, 'GET', '/api/v1/metrics')).json() as Metrics;
  expect(metrics.sla).toEqual({ atRisk: 0, breached: 1 });
  expect((await listed('?status=open&sla=breached&sort=sla')).map((c) => c.id)).toEqual([conv]);
  expect(await listed('?sla=at_risk')).toEqual([]);
  expect((await as(org.agent, 'GET', '/api/v1/conversations?sla=late')).statusCode).toBe(400);

  // Passing it is announced once (by the routing worker or by this call, whichever came first).
  await announceSlaBreaches(t.ctx.db, org.id);
  const breaches = await t.ctx.db
    .selectFrom('events')
    .select('payload')
    .where('organization_id', '=', org.id)
    .where('type', '=', 'conversation:updated')
    .where('payload', '@>', { slaBreach: true })
    .execute();
  expect(breaches).toHaveLength(1);
  expect((await listed('')).find((c) => c.id === conv)?.sla?.breachedAt).not.toBeNull();
});

it('an answer ends the clock on the row at once, before any pass clears its columns', async () => {
  // Written now (the reply window open), so the agent can answer.
  const conv = await customerWritesAt('4915550007003', 'Are you there?', new Date());
  await refreshSlaClocks(t.ctx.db, org.id);
  expect((await listed('')).find((c) => c.id === conv)?.sla).toMatchObject({ kind: 'first' });
  expect((await as(org.agent, 'POST', '/api/messages', { conversationId: conv, content: 'Yes, how can I help?' })).statusCode).toBe(201);
  expect((await listed('')).find((c) => c.id === conv)?.sla).toBeNull();
  expect(((await as(org.agent, 'GET', '/api/v1/metrics')).json() as Metrics).sla).toEqual({ atRisk: 0, breached: 1 });
});

it('a resolved conversation has no clock on its row and is not counted', async () => {
  const conv = await customerWritesAt('4915550007002', 'Hello?', WROTE);
  await refreshSlaClocks(t.ctx.db, org.id);
  expect((await listed('?sla=breached')).map((c) => c.id)).toContain(conv);
  expect((await as(org.agent, 'PATCH', `/api/v1/conversations/${conv}`, { status: 'resolved' })).statusCode).toBe(200);
  expect((await listed('')).find((c) => c.id === conv)?.sla).toBeNull();
  expect((await listed('?sla=breached')).map((c) => c.id)).not.toContain(conv);
});
