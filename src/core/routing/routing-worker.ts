import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { EventStream, StoredEvent } from '../realtime/event-stream.ts';
import { announceSlaBreaches, announceSlaWarnings, nextSlaDue, refreshSlaClocks } from '../sla/sla-clocks.ts';
import { routeOrganization } from './route-conversations.ts';

export interface RoutingWorker {
  stop(): Promise<void>;
}

/** An agent offline this long loses their conversations in teams that reassign (a page reload or a short network cut does not). */
export const OFFLINE_GRACE_SECONDS = 120;
/** Every instance looks again this often: what no event announced (the grace running out) is still routed. */
const SWEEP_SECONDS = 30;

/** Events after which a pass may find work: a conversation came, changed or was freed, an agent's presence changed. */
function mayRoute(event: StoredEvent): boolean {
  return event.type === 'new:message' || event.type === 'conversation:updated' || event.type === 'presence:updated';
}

/**
 * What a pass of the organisation has to do, in one round trip: route (it has a team that
 * assigns) and keep SLA clocks (it has a target, or a clock left from one). A pass follows every
 * batch of customer messages, and without this an organisation with neither still paid ten
 * statements and three transactions for it (two reads of teams, the reassignment's transaction,
 * the organisation's hours, the unclocked waits, the breach announcement, the next due instant),
 * plus a transaction and a thread update per new wait to record a clock that has no target
 * (bench/FINDINGS.md). Skipping the clock work there changes nothing anyone reads: a clock is
 * shown only with a due instant (dto.ts slaClockDto), and a wait that began before a target
 * existed is clocked by the first pass after it (setting targets clears the clocks' start).
 */
async function passWork(db: Db, organizationId: number): Promise<{ routes: boolean; clocks: boolean }> {
  const { rows } = await sql<{ routes: boolean; clocks: boolean }>`
    select
      exists (select 1 from teams where organization_id = ${organizationId} and strategy <> 'manual') as routes,
      exists (select 1 from teams where organization_id = ${organizationId} and (first_response_minutes is not null or next_response_minutes is not null))
        or exists (select 1 from sla_priority_targets where organization_id = ${organizationId})
        or exists (select 1 from conversations where organization_id = ${organizationId} and sla_due_at is not null) as clocks
  `.execute(db);
  return rows[0] ?? { routes: false, clocks: false };
}

/** A timer set for an instant; returns how to cancel it. Tests pass their own to fire it themselves. */
export type ScheduleAt = (at: Date, run: () => void) => () => void;

/** The longest a timer is set for: a far due instant is looked at again by the sweep and the passes before it. */
const MAX_TIMER_MS = 6 * 3_600_000;

const scheduleAt: ScheduleAt = (at, run) => {
  const timer = setTimeout(run, Math.min(MAX_TIMER_MS, Math.max(0, at.getTime() - Date.now()) + 5));
  return () => clearTimeout(timer);
};

export interface RoutingWorkerDeps {
  db: Db;
  log: FastifyBaseLogger;
  stream: Pick<EventStream, 'subscribe'>;
  offlineGraceSeconds?: number;
  /** The clock a pass announces breaches by (tests pass a fixed one). */
  now?: () => Date;
  schedule?: ScheduleAt;
}

/**
 * Runs routing passes (route-conversations.ts) on every instance: after the events that may free
 * an agent or bring a conversation, and every SWEEP_SECONDS for each organisation with a team.
 * Passes of one organisation never overlap on this instance: an event during a pass asks for
 * one more pass after it; instances are kept apart by the pass's own locks.
 *
 * After each pass a timer is set for the organisation's earliest SLA instant — a clock's warning or
 * its due instant — so a row turns "at risk" or "overdue" everywhere when it happens, not up to a
 * sweep later.
 */
export function startRoutingWorker(deps: RoutingWorkerDeps): RoutingWorker {
  const { db, log } = deps;
  const running = new Map<number, Promise<void>>();
  const again = new Set<number>();
  const dueTimers = new Map<number, () => void>();
  const schedule = deps.schedule ?? scheduleAt;
  const now = deps.now ?? (() => new Date());
  let stopped = false;

  const cancelDueTimer = (organizationId: number): void => {
    dueTimers.get(organizationId)?.();
    dueTimers.delete(organizationId);
  };

  const wakeAtNextDue = async (organizationId: number): Promise<void> => {
    const due = await nextSlaDue(db, organizationId);
    cancelDueTimer(organizationId);
    if (!due || stopped) return;
    // A due instant already passed and not announced (its wait changed meanwhile) waits a second, never spins.
    const at = due.getTime() > now().getTime() ? due : new Date(now().getTime() + 1000);
    dueTimers.set(
      organizationId,
      schedule(at, () => pass(organizationId)),
    );
  };

  const pass = (organizationId: number): void => {
    if (stopped) return;
    if (running.has(organizationId)) {
      again.add(organizationId);
      return;
    }
    // The same events move SLA clocks (a wait begins or ends), and the sweep finds targets passed.
    const run = passWork(db, organizationId)
      .then(async (work) => {
        if (work.routes) await routeOrganization(db, organizationId, { offlineGraceSeconds: deps.offlineGraceSeconds ?? OFFLINE_GRACE_SECONDS });
        if (!work.clocks) return cancelDueTimer(organizationId);
        await refreshSlaClocks(db, organizationId);
        await announceSlaBreaches(db, organizationId, now());
        await announceSlaWarnings(db, organizationId, now());
        await wakeAtNextDue(organizationId);
      })
      .catch((err: unknown) => log.warn({ err, organizationId }, 'routing conversations failed'))
      .finally(() => {
        running.delete(organizationId);
        if (again.delete(organizationId)) pass(organizationId);
      });
    running.set(organizationId, run);
  };

  const sweep = async () => {
    const orgs = await db.selectFrom('teams').select('organization_id').union(db.selectFrom('sla_priority_targets').select('organization_id')).execute();
    for (const o of orgs) pass(o.organization_id);
  };

  const unsubscribe = deps.stream.subscribe((organizationId, events) => {
    if (events.some(mayRoute)) pass(organizationId);
  });
  const timer = setInterval(() => void sweep().catch((err: unknown) => log.warn({ err }, 'routing sweep failed')), SWEEP_SECONDS * 1000);
  void sweep().catch((err: unknown) => log.warn({ err }, 'routing sweep failed'));
  return {
    async stop() {
      stopped = true;
      unsubscribe();
      clearInterval(timer);
      for (const cancel of dueTimers.values()) cancel();
      dueTimers.clear();
      await Promise.all(running.values());
    },
  };
}
