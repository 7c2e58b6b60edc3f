import type { Db } from '../../db/database.ts';
import type { EventSource } from '../outgoing-webhooks/webhook-worker.ts';
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

export interface AutomationWorker {
  /** Run in the background, woken by `events` when given, else every `pollMs`. */
  start(events?: EventSource): void;
  /** Look again now (something automation waits for has changed, e.g. a customer's profile arrived). */
  wake(): void;
  /** Handle everything the log holds now; resolves with the replies queued. */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Automation's loop, as outgoing webhooks' (ADR 0012): every instance runs it, woken by each event
 * logged; the cursor's row lock decides which instance handles an organisation's events.
 */
export function createAutomationWorker(deps: AutomationWorkerDeps): AutomationWorker {
  const now = deps.now ?? (() => new Date());
  const maxDelayMs = deps.maxDelayMs ?? 6 * 3_600_000;
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let wakeUp: (() => void) | undefined;
  let loop: Promise<void> | undefined;
  let busy: Promise<unknown> = Promise.resolve();
  let unsubscribe: (() => void) | undefined;
  // Set by a wake-up; a wake-up during a pass makes the loop run again instead of being lost.
  let woken = false;
  const wake = () => {
    woken = true;
    wakeUp?.();
  };

  const drain = (): Promise<number> => {
    const run = busy.then(async () => {
      const queued = await handleEvents(deps.db, { log: deps.log, maxDelayMs }, now());
      if (queued > 0) deps.outbox?.wake();
      return queued;
    });
    busy = run.catch(() => undefined);
    return run;
  };
  return {
    start(events) {
      if (running) return;
      running = true;
      unsubscribe = events?.subscribe(wake);
      loop = (async () => {
        while (running) {
          woken = false;
          await drain().catch((err: unknown) => deps.log.error({ err }, 'automation pass failed'));
          if (woken) continue;
          await new Promise<void>((resolve) => {
            wakeUp = resolve;
            timer = setTimeout(resolve, deps.pollMs ?? 5000);
          });
        }
      })();
    },
    wake,
    drain,
    async stop() {
      running = false;
      unsubscribe?.();
      clearTimeout(timer);
      wakeUp?.();
      await loop;
      await busy;
    },
  };
}
