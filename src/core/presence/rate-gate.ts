/**
 * At most one pass per key per interval: a client repeating an announcement faster than the
 * interval is dropped quietly (it will repeat it). `now` is injected for tests.
 */
export function createRateGate(intervalMs: number, now: () => number = Date.now) {
  const last = new Map<string, number>();
  return {
    pass(key: string): boolean {
      const t = now();
      const previous = last.get(key);
      if (previous !== undefined && t - previous < intervalMs) return false;
      last.set(key, t);
      return true;
    },
    forget(prefix: string): void {
      for (const key of last.keys()) if (key.startsWith(prefix)) last.delete(key);
    },
  };
}
