/**
 * Work per key that may be asked for again while it runs, where one more run after the current
 * one answers every request made meanwhile because it reads the state as it is by then: a user's
 * presence worked out again after each of their sockets connects or disconnects. A thousand tabs
 * of one user connecting at once cost a few runs instead of a thousand, each of which held a
 * pooled connection waiting for the same row lock (bench/memory.ts: all ten of the pool's
 * connections busy while 1,000 agents connected, and requests timing out waiting for one).
 *
 * A request's promise settles as the first run that started after the request settles (and
 * rejects if that run failed).
 */
export function coalescing<V>(keyOf: (value: V) => string, run: (value: V) => Promise<unknown>): (value: V) => Promise<void> {
  interface Entry {
    current: Promise<void>;
    next: Promise<void> | null;
  }
  const entries = new Map<string, Entry>();

  const start = (key: string, value: V): Promise<void> => {
    const entry: Entry = { current: run(value).then(() => undefined), next: null };
    entries.set(key, entry);
    const forget = () => {
      if (entries.get(key) === entry && entry.next === null) entries.delete(key);
    };
    entry.current.then(forget, forget);
    return entry.current;
  };

  return (value) => {
    const key = keyOf(value);
    const entry = entries.get(key);
    if (!entry) return start(key, value);
    const again = () => start(key, value);
    entry.next ??= entry.current.then(again, again);
    return entry.next;
  };
}
