import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRoutingWorker, type ScheduleAt } from '../../../src/core/routing/routing-worker.ts';
import { eventually } from '../../helpers/sandboxed-snorq.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { caller, customerWrites, orgWithAgent, WA_SECRET, type OrgUnderTest } from '../settings/settings-helpers.ts';

/**
 * A breach is announced at its due instant, not up to a sweep (30 s) later: after each pass the
 * routing worker sets a timer for the organisation's earliest due clock. The test holds the timer
 * and the worker's clock, so it fires the timer at the due instant itself; nothing waits on time.
 */
let t: TestApp;
let org: OrgUnderTest;
let as: ReturnType<typeof caller>;

beforeAll(async () => {
  t = await createTestApp({ WHATSAPP_APP_SECRET: WA_SECRET });
  as = caller(t);
  org = await orgWithAgent(t, 'sla-wake');
}, 180_000);
afterAll(async () => t?.close());

it('sets a timer for the earliest due clock and announces the breach when it fires', async () => {
  expect((await as(org.admin, 'PUT', '/api/v1/sla-targets', { targets: [{ priority: 'normal', firstResponseMinutes: 30, nextResponseMinutes: null }] })).statusCode).toBe(200);
  const conv = await customerWrites(t, org, '4915550019001', 'anyone?');
  const timers: { at: Date; run: () => void; cancelled: boolean }[] = [];
  const schedule: ScheduleAt = (at, run) => {
    const timer = { at, run, cancelled: false };
    timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  };
  let clock = new Date();
  let listener: ((organizationId: number, events: { type: string }[]) => void) | undefined;
  const stream = {
    subscribe: (l: typeof listener) => {
      listener = l;
      return () => undefined;
    },
  };
  const worker = startRoutingWorker({ db: t.ctx.db, log: t.app.log, stream: stream as never, now: () => clock, schedule });
  try {
    // The first sweep gives the wait its clock and sets the timer for its due instant.
    const dueAt = await eventually(async () => (await t.ctx.db.selectFrom('conversations').select('sla_due_at').where('id', '=', conv).executeTakeFirstOrThrow()).sla_due_at);
    await eventually(async () => timers.some((x) => !x.cancelled && x.at.getTime() === dueAt.getTime()));
    // An event's pass sets it again: one live timer per organisation.
    listener?.(org.id, [{ type: 'new:message' }]);
    await eventually(async () => timers.filter((x) => !x.cancelled).length === 1 && timers.length >= 2);
    const live = timers.find((x) => !x.cancelled)!;
    expect(live.at).toEqual(dueAt);

    // The timer fires at the due instant: the breach is announced by that pass.
    clock = dueAt;
    live.run();
    const breach = await eventually(async () =>
      t.ctx.db.selectFrom('events').select('payload').where('organization_id', '=', org.id).where('type', '=', 'conversation:updated').where('payload', '@>', { slaBreach: true }).executeTakeFirst(),
    );
    expect(breach.payload).toMatchObject({ conversation: { id: conv, sla: { breachedAt: dueAt.toISOString() } } });
    // Nothing else is due: no live timer is left.
    await eventually(async () => timers.every((x) => x.cancelled));
  } finally {
    await worker.stop();
  }
});
