import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRoutingWorker, type ScheduleAt } from '../../../src/core/routing/routing-worker.ts';
import { eventually } from '../../helpers/sandboxed-snorq.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { customerWrites, orgWithAgent, WA_SECRET, type OrgUnderTest } from '../settings/settings-helpers.ts';

/**
 * A routing pass follows every batch of customer messages. In an organisation with no team that
 * assigns and no response target it only asks whether there is anything to do (one statement):
 * no routing reads, no SLA transactions, no clock written on the thread. A target added later
 * still clocks the waits that began before it, on the first pass after it.
 */
let t: TestApp;
let org: OrgUnderTest;

beforeAll(async () => {
  t = await createTestApp({ WHATSAPP_APP_SECRET: WA_SECRET });
  org = await orgWithAgent(t, 'pass-work');
}, 180_000);
afterAll(async () => t?.close());

/** A worker whose passes the test starts itself (an event of the organisation), with its timers held. */
function workerUnderTest() {
  const timers: { at: Date; cancelled: boolean }[] = [];
  const schedule: ScheduleAt = (at) => {
    const timer = { at, cancelled: false };
    timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  };
  let listener: ((organizationId: number, events: { type: string }[]) => void) | undefined;
  const stream = {
    subscribe: (l: typeof listener) => {
      listener = l;
      return () => undefined;
    },
  };
  const worker = startRoutingWorker({ db: t.ctx.db, log: t.app.log, stream: stream as never, schedule });
  return {
    timers,
    worker,
    /** One pass for a new message of the organisation, run to its end (stop waits for it). */
    async passAndStop() {
      listener?.(org.id, [{ type: 'new:message' }]);
      await worker.stop();
    },
  };
}

const clockOf = (id: number) => t.ctx.db.selectFrom('conversations').select(['waiting_since', 'sla_started_at', 'sla_warn_at', 'sla_due_at']).where('id', '=', id).executeTakeFirstOrThrow();

it('writes no clock without targets, and clocks the same wait once a target exists', async () => {
  const conv = await customerWrites(t, org, '4915550019101', 'is anyone there?');
  const idle = workerUnderTest();
  await idle.passAndStop();
  const before = await clockOf(conv);
  expect(before.waiting_since).not.toBeNull();
  // Before, every pass recorded a target-less clock here: a transaction and a non-HOT thread update per new wait.
  expect(before.sla_started_at).toBeNull();
  expect(before.sla_due_at).toBeNull();
  expect(idle.timers).toEqual([]);

  // A target written straight into the table (no route of the API refreshes anything): the next pass clocks the wait.
  await t.ctx.db.insertInto('sla_priority_targets').values({ organization_id: org.id, priority: 'normal', first_response_minutes: 30, next_response_minutes: null }).execute();
  const clocked = workerUnderTest();
  try {
    // (its first sweep passes every organisation with a target)
    await eventually(async () => (await clockOf(conv)).sla_due_at);
    const clock = await clockOf(conv);
    expect(clock.sla_started_at).toEqual(before.waiting_since);
    // The timer is for the clock's first instant: its warning (sla-wake.test.ts).
    await eventually(async () => clocked.timers.some((x) => !x.cancelled && x.at.getTime() === clock.sla_warn_at?.getTime()));
  } finally {
    await clocked.worker.stop();
  }
});
