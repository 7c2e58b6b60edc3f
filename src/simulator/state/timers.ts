/**
 * Timers the simulator starts (receipts, echoes, held requests), so reset() and close() can stop
 * them all and no test leaks a callback into the next one.
 */
export class TimerSet {
  private timers = new Set<NodeJS.Timeout>();
  private holds = new Set<() => void>();

  /** `fired`: after each timer's work (a receipt changes a message's status: the state file wants writing). */
  constructor(private readonly fired: () => void = () => {}) {}

  after(ms: number, fn: () => unknown): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void Promise.resolve()
        .then(fn)
        .catch(() => undefined)
        .finally(this.fired);
    }, ms);
    this.timers.add(timer);
  }

  /**
   * Run `steps` one after another, `ms` apart, each waiting for the previous one to finish (its
   * webhook answered), so receipts reach snorq in the order the platform sends them.
   */
  sequence(ms: number, steps: (() => unknown)[]): void {
    const [first, ...rest] = steps;
    if (!first) return;
    this.after(ms, async () => {
      try {
        await first();
      } finally {
        this.sequence(ms, rest);
      }
    });
  }

  /** Resolves after `ms`, or as soon as the set is cleared. */
  hold(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const release = (): void => {
        clearTimeout(timer);
        this.holds.delete(release);
        resolve();
      };
      const timer = setTimeout(release, ms);
      this.holds.add(release);
    });
  }

  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const release of [...this.holds]) release();
  }
}
