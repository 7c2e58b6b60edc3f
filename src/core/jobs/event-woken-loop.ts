/** What wakes a loop as soon as an event is logged (the event stream: src/core/realtime/event-stream.ts). */
export interface EventSource {
  subscribe(listener: () => void): () => void;
}

export interface EventWokenLoop<T> {
  /** Run passes in the background, woken by `events` when given, else every `pollMs`. */
  start(events?: EventSource): void;
  /** Something happened that a pass should see: look now (or once more, if a pass is running). */
  wake(): void;
  /** One pass now, after the one in progress; resolves with what the pass returned. */
  drain(): Promise<T>;
  /** No more passes; resolves once the one in progress has ended. */
  stop(): Promise<void>;
}

/**
 * The loop of a worker that follows the event log (ADR 0012: outgoing webhooks, automation). Every
 * instance runs it and the database decides who handles what, so it only has to be prompt and
 * never overlap itself:
 * - passes never run at once: `drain` (tests, a "send again" button) queues behind the pass in
 *   progress;
 * - a wake-up that arrives during a pass makes the loop pass once more, instead of being lost
 *   until the next poll (an event logged just after a pass had read the log waited `pollMs`);
 * - `pollMs` is the fallback for what no event announces here (another instance's event, a retry
 *   coming due);
 * - a failed pass is logged and the loop goes on.
 */
export function eventWokenLoop<T>(options: { pass: () => Promise<T>; pollMs: number; onError: (err: unknown) => void }): EventWokenLoop<T> {
  let running = false;
  let woken = false;
  let timer: NodeJS.Timeout | undefined;
  let wakeUp: (() => void) | undefined;
  let loop: Promise<void> | undefined;
  let busy: Promise<unknown> = Promise.resolve();
  let unsubscribe: (() => void) | undefined;

  const drain = (): Promise<T> => {
    const run = busy.then(options.pass);
    busy = run.catch(() => undefined);
    return run;
  };
  const wake = () => {
    woken = true;
    wakeUp?.();
  };
  const sleep = () =>
    new Promise<void>((resolve) => {
      wakeUp = resolve;
      timer = setTimeout(resolve, options.pollMs);
    });

  return {
    start(events) {
      if (running) return;
      running = true;
      unsubscribe = events?.subscribe(wake);
      loop = (async () => {
        while (running) {
          woken = false;
          await drain().catch(options.onError);
          if (!woken && running) await sleep();
          clearTimeout(timer);
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
