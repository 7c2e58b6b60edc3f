/**
 * A job run every `intervalMs` (first after `firstDelayMs`), one pass at a time: `runOnce` queues
 * behind a pass in progress instead of overlapping it, a failed pass is logged and the schedule
 * goes on, and `stop` waits for the pass in progress. An interval of 0 never starts.
 */
export interface PeriodicJob<T> {
  start(): void;
  stop(): Promise<void>;
  runOnce(now?: Date): Promise<T>;
}

export function periodicJob<T>(options: { intervalMs: number; firstDelayMs: number; pass: (now?: Date) => Promise<T>; onError: (err: unknown) => void }): PeriodicJob<T> {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let current: Promise<unknown> = Promise.resolve();

  const runOnce = (now?: Date): Promise<T> => {
    const run = current.then(
      () => options.pass(now),
      () => options.pass(now),
    );
    current = run.catch(() => undefined);
    return run;
  };
  const tick = (delayMs: number): void => {
    timer = setTimeout(() => {
      void runOnce()
        .catch(options.onError)
        .finally(() => {
          if (running) tick(options.intervalMs);
        });
    }, delayMs);
  };
  return {
    start() {
      if (running || options.intervalMs <= 0) return;
      running = true;
      tick(Math.min(options.intervalMs, options.firstDelayMs));
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await current;
    },
    runOnce,
  };
}
