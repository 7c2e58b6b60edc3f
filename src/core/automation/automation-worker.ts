import type { Db } from '../../db/database.ts';
import { eventWokenLoop, type EventWokenLoop } from '../jobs/event-woken-loop.ts';
import { handleEvents } from './handle-events.ts';

export interface AutomationWorkerDeps {
  db: Db;
  log: { info(o: object, m: string): void; warn(o: object, m: string): void; error(o: object, m: string): void };
  /** Woken when automatic replies were queued, so they go out at once. */
  outbox?: { wake(): void } | undefined;
  /** The clock (tests pass their own). */
  now?: () => Date;
  /** A customer message older than this when read gets no automatic answer (default 6 h). */
  maxDelayMs?: number;
  /** How often the worker looks when nothing wakes it. */
  pollMs?: number;
}

/** Automation's loop: `drain` resolves with the replies queued. */
export type AutomationWorker = EventWokenLoop<number>;

/**
 * Automation follows the event log like outgoing webhooks (ADR 0012): every instance runs it,
 * woken by each event logged; the cursor's row lock decides which instance handles an
 * organisation's events.
 */
export function createAutomationWorker(deps: AutomationWorkerDeps): AutomationWorker {
  const now = deps.now ?? (() => new Date());
  const maxDelayMs = deps.maxDelayMs ?? 6 * 3_600_000;
  return eventWokenLoop({
    pass: async () => {
      const queued = await handleEvents(deps.db, { log: deps.log, maxDelayMs }, now());
      if (queued > 0) deps.outbox?.wake();
      return queued;
    },
    pollMs: deps.pollMs ?? 5000,
    onError: (err) => deps.log.error({ err }, 'automation pass failed'),
  });
}
