import { sql } from 'kysely';
import { organizationsToSync, syncOrganization } from './sync-all.ts';
import type { SyncDeps } from './sync-channel.ts';

/** The advisory lock every instance tries before a pass ('snorq-sync' as a number; any fixed key will do). */
export const SYNC_LOCK_KEY = 7_365_938_217;

export interface SyncScheduler {
  start(): void;
  /** Stop the timer and wait for a pass in progress. */
  stop(): Promise<void>;
  /** One pass over every organisation now; false when another instance holds the lock. */
  runOnce(): Promise<boolean>;
}

/** How the scheduler waits for its next tick: the real timers, or a test's own (which fires a tick when the test says). */
export interface SyncTimer {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const REAL_TIMER: SyncTimer = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Every SYNC_INTERVAL_SECONDS (0 disables), one pass over all organisations, so a message whose
 * webhook never came still arrives. With several instances, `pg_try_advisory_lock` lets one
 * pass run at a time; the others skip that tick. The lock is a session lock, so it is taken
 * and released on one reserved connection, and dies with it if the instance does.
 */
export function createSyncScheduler(deps: SyncDeps, timer: SyncTimer = REAL_TIMER): SyncScheduler {
  const intervalMs = deps.config.SYNC_INTERVAL_SECONDS * 1000;
  let next: unknown;
  let running = false;
  let current: Promise<unknown> = Promise.resolve();

  const pass = async (): Promise<boolean> =>
    deps.db.connection().execute(async (conn) => {
      const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${SYNC_LOCK_KEY}::bigint) as locked`.execute(conn);
      if (!rows[0]?.locked) return false;
      try {
        for (const organizationId of await organizationsToSync(deps.db)) await syncOrganization(deps, organizationId);
        return true;
      } finally {
        await sql`select pg_advisory_unlock(${SYNC_LOCK_KEY}::bigint)`.execute(conn);
      }
    });

  const runOnce = (): Promise<boolean> => {
    const run = current.then(pass, pass);
    current = run.catch(() => undefined);
    return run;
  };

  const tick = (): void => {
    next = timer.setTimeout(() => {
      void runOnce()
        .catch((err: unknown) => deps.log.warn({ err }, 'history sync pass failed'))
        .finally(() => {
          if (running) tick();
        });
    }, intervalMs);
  };

  return {
    start() {
      if (running || intervalMs <= 0) return;
      running = true;
      tick();
    },
    async stop() {
      running = false;
      timer.clearTimeout(next);
      await current;
    },
    runOnce,
  };
}
