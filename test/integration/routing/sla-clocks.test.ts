import { afterAll, beforeAll, expect, it } from 'vitest';
import { decideNotifications, mayNotify } from '../../../src/core/notifications/decide-notifications.ts';
import type { StoredEvent } from '../../../src/core/realtime/event-stream.ts';
import { announceSlaBreaches, announceSlaWarnings, refreshSlaClocks } from '../../../src/core/sla/sla-clocks.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { caller, customerWrites, orgWithAgent, WA_SECRET, type OrgUnderTest } from '../settings/settings-helpers.ts';

/**
 * SLA clocks on real conversations: a customer's wait gets a due time in business hours from the
 * stricter of the team's and the priority's target; passing it is announced once per wait (and
 * notifies by the slaBreach preference), a warning seen only after it is not; an answer ends the clock. Fixed clocks, no waiting.
 */
let t: TestApp;
let org: OrgUnderTest;
let as: ReturnType<typeof caller>;

beforeAll(async () => {
  t = await createTestApp({ WHATSAPP_APP_SECRET: WA_SECRET });
  as = caller(t);
  org = await orgWithAgent(t, 'sla');
}, 180_000);
afterAll(async () => t?.close());

it('a wait gets a due time, is announced once when past it, and an answer ends it', async () => {
  const channelId = (await t.ctx.db.selectFrom('channels').select('id').where('organization_id', '=', org.id).executeTakeFirstOrThrow()).id;
  // Always open (no hours set): business time is wall time. Team 60 min, normal priority 30: the stricter counts.
  expect((await as(org.admin, 'POST', '/api/v1/teams', { name: 'Support', channelIds: [channelId], strategy: 'manual', firstResponseMinutes: 60 })).statusCode).toBe(201);
  expect((await as(org.admin, 'PUT', '/api/v1/sla-targets', { targets: [{ priority: 'normal', firstResponseMinutes: 30, nextResponseMinutes: null }] })).statusCode).toBe(200);
  const conv = await customerWrites(t, org, '4915550009001', 'hello?');
  await refreshSlaClocks(t.ctx.db, org.id);
  const row = await t.ctx.db.selectFrom('conversations').selectAll().where('id', '=', conv).executeTakeFirstOrThrow();
  expect(row.sla_kind).toBe('first');
  expect(row.sla_due_at!.getTime() - row.waiting_since!.getTime()).toBe(30 * 60_000);

  const before = (await t.ctx.db.selectFrom('organizations').select('event_seq').where('id', '=', org.id).executeTakeFirstOrThrow()).event_seq;
  expect(await announceSlaBreaches(t.ctx.db, org.id, new Date(row.sla_due_at!.getTime() - 1000))).toBe(0);
  // A warning first seen after the due instant is marked but not announced: the breach is, below.
  expect(await announceSlaWarnings(t.ctx.db, org.id, new Date(row.sla_due_at!.getTime() + 1000))).toBe(0);
  expect((await t.ctx.db.selectFrom('conversations').select('sla_warned_at').where('id', '=', conv).executeTakeFirstOrThrow()).sla_warned_at).not.toBeNull();
  expect(await announceSlaBreaches(t.ctx.db, org.id, new Date(row.sla_due_at!.getTime() + 1000))).toBe(1);
  expect(await announceSlaBreaches(t.ctx.db, org.id, new Date(row.sla_due_at!.getTime() + 60_000))).toBe(0);
  const events = (await t.ctx.db.selectFrom('events').select(['seq', 'type', 'payload']).where('organization_id', '=', org.id).where('seq', '>', before).execute()) as unknown as StoredEvent[];
  expect(events).toHaveLength(1);
  expect(mayNotify(events[0]!)).toBe(true);
  const notifications = await decideNotifications(t.ctx.db, org.id, events);
  // Nobody is assigned: everyone with the preference (the admin and the agent) is told.
  expect(notifications.map((n) => n.payload.trigger)).toEqual(['slaBreach', 'slaBreach']);

  // sort=sla: the conversation with a clock comes before one without.
  const other = await customerWrites(t, org, '4915550009002', 'no clock yet');
  await t.ctx.db
    .updateTable('conversations')
    .set({ sla_started_at: new Date(0) })
    .where('id', '=', other)
    .execute();
  const sorted = await as(org.agent, 'GET', '/api/v1/conversations?sort=sla');
  expect(sorted.statusCode, sorted.body).toBe(200);
  expect((sorted.json() as { conversations: { id: number }[] }).conversations.map((c) => c.id).slice(0, 2)).toEqual([conv, other]);

  // The agent answers: no wait, no clock.
  expect((await as(org.agent, 'POST', '/api/messages', { conversationId: conv, content: 'Here I am' })).statusCode).toBe(201);
  await refreshSlaClocks(t.ctx.db, org.id);
  const answered = await t.ctx.db.selectFrom('conversations').selectAll().where('id', '=', conv).executeTakeFirstOrThrow();
  expect([answered.waiting_since, answered.sla_due_at]).toEqual([null, null]);
});
