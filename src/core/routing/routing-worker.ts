import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { EventStream, StoredEvent } from '../realtime/event-stream.ts';
import { announceSlaBreaches, nextSlaDue, refreshSlaClocks } from '../sla/sla-clocks.ts';
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
 * After each pass a timer is set for the organisation's earliest SLA due instant, so a breach is
 * announced (and its row turns "overdue" everywhere) when it happens, not up to a sweep later.
 */
export function startRoutingWorker(deps: RoutingWorkerDeps): RoutingWorker {
  const { db, log } = deps;
  const running = new Map<number, Promise<void>>();
  const again = new Set<number>();
  const dueTimers = new Map<number, () => void>();
  const schedule = deps.schedule ?? scheduleAt;
  const now = deps.now ?? (() => new Date());
  let stopped = false;

  const wakeAtNextDue = async (organizationId: number): Promise<void> => {
    const due = await nextSlaDue(db, organizationId);
    dueTimers.get(organizationId)?.();
    dueTimers.delete(organizationId);
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
    const run = routeOrganization(db, organizationId, { offlineGraceSeconds: deps.offlineGraceSeconds ?? OFFLINE_GRACE_SECONDS })
      .then(() => refreshSlaClocks(db, organizationId))
      .then(() => announceSlaBreaches(db, organizationId, now()))
      .then(() => wakeAtNextDue(organizationId))
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
