import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRoutingWorker, type ScheduleAt } from '../../../src/core/routing/routing-worker.ts';
import { eventually } from '../../helpers/sandboxed-snorq.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { caller, customerWrites, orgWithAgent, WA_SECRET, type OrgUnderTest } from '../settings/settings-helpers.ts';

/**
 * A clock's warning and its breach are announced at their instants, not up to a sweep (30 s)
 * later: after each pass the routing worker sets a timer for the organisation's earliest one. The
 * test holds the timer and the worker's clock, so it fires each timer at its instant itself;
 * nothing waits on time.
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

it('sets a timer for the earliest clock instant: the warning is announced (the row turns "at risk"), then the breach', async () => {
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
  const liveTimer = () => timers.filter((x) => !x.cancelled);
  const slaEvents = async () =>
    (
      await t.ctx.db
        .selectFrom('events')
        .select('payload')
        .where('organization_id', '=', org.id)
        .where('type', '=', 'conversation:updated')
        .where((eb) => eb.or([eb('payload', '@>', { slaBreach: true }), eb('payload', '@>', { slaClock: true })]))
        .orderBy('seq')
        .execute()
    ).map((e) => e.payload as { slaBreach?: true; slaClock?: true; conversation: { id: number; sla: { warnAt: string; dueAt: string; breachedAt: string | null } } });
  const worker = startRoutingWorker({ db: t.ctx.db, log: t.app.log, stream: stream as never, now: () => clock, schedule });
  try {
    // The first sweep gives the wait its clock and sets the timer for its warning instant.
    const { sla_warn_at: warnAt, sla_due_at: dueAt } = await eventually(async () => {
      const row = await t.ctx.db.selectFrom('conversations').select(['sla_warn_at', 'sla_due_at']).where('id', '=', conv).executeTakeFirstOrThrow();
      return row.sla_due_at && row.sla_warn_at ? { sla_warn_at: row.sla_warn_at, sla_due_at: row.sla_due_at } : undefined;
    });
    expect(warnAt.getTime()).toBeLessThan(dueAt.getTime());
    await eventually(async () => timers.some((x) => !x.cancelled && x.at.getTime() === warnAt.getTime()));
    // An event's pass sets it again: one live timer per organisation.
    listener?.(org.id, [{ type: 'new:message' }]);
    await eventually(async () => liveTimer().length === 1 && timers.length >= 2);
    expect(liveTimer()[0]!.at).toEqual(warnAt);
    const before = (await slaEvents()).length;

    // The warning instant: announced once (no breach), and the next timer is the due instant.
    clock = warnAt;
    liveTimer()[0]!.run();
    await eventually(async () => liveTimer().length === 1 && liveTimer()[0]!.at.getTime() === dueAt.getTime());
    const warned = (await slaEvents()).slice(before);
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ slaClock: true, conversation: { id: conv, sla: { warnAt: warnAt.toISOString(), breachedAt: null } } });
    expect(warned[0]!.slaBreach).toBeUndefined();

    // The due instant: the breach is announced by that pass.
    clock = dueAt;
    liveTimer()[0]!.run();
    const breach = await eventually(async () => (await slaEvents()).find((e) => e.slaBreach));
    expect(breach).toMatchObject({ conversation: { id: conv, sla: { breachedAt: dueAt.toISOString() } } });
    // Nothing else is due, and the warning was not announced again: no live timer is left.
    await eventually(async () => timers.every((x) => x.cancelled));
    expect((await slaEvents()).slice(before).filter((e) => e.slaClock)).toHaveLength(1);
  } finally {
    await worker.stop();
  }
});
