import type { CallFilter, DeliveredWebhook, RecordedCall, RecordedCalls, SimPlatform } from '../types.ts';

/** Every API call the simulator answered and every webhook it posted, in order, for tests to inspect. */
export class Recorder implements RecordedCalls {
  private calls: RecordedCall[] = [];
  private delivered: DeliveredWebhook[] = [];
  private seq = 0;
  private callWaiters = new Set<() => void>();
  private webhookWaiters = new Set<() => void>();

  /** The next sequence number: pass it as `sinceSeq` to wait only for what happens after now. */
  get nextSeq(): number {
    return this.seq + 1;
  }

  record(call: Omit<RecordedCall, 'seq'>): RecordedCall {
    const entry: RecordedCall = { ...call, seq: ++this.seq };
    this.calls.push(entry);
    return entry;
  }

  /** A recorded call got its answer. */
  answered(): void {
    for (const wake of [...this.callWaiters]) wake();
  }

  startWebhook(webhook: Omit<DeliveredWebhook, 'seq'>): DeliveredWebhook {
    const entry: DeliveredWebhook = { ...webhook, seq: ++this.seq };
    this.delivered.push(entry);
    return entry;
  }

  finishedWebhook(): void {
    for (const wake of [...this.webhookWaiters]) wake();
  }

  list(filter?: CallFilter): RecordedCall[] {
    return this.calls.filter((c) => matches(c, filter));
  }

  last(filter?: CallFilter): RecordedCall | undefined {
    return this.list(filter).at(-1);
  }

  waitFor(filter: CallFilter, options: { timeoutMs?: number; sinceSeq?: number } = {}): Promise<RecordedCall> {
    const find = (): RecordedCall | undefined => this.calls.find((c) => c.seq >= (options.sinceSeq ?? 0) && c.status !== undefined && matches(c, filter));
    return waitUntil(find, this.callWaiters, options.timeoutMs, () => `no call matching ${describe(filter)}`);
  }

  webhooks(filter?: { platform?: SimPlatform }): DeliveredWebhook[] {
    return this.delivered.filter((w) => !filter?.platform || w.platform === filter.platform);
  }

  waitForWebhook(filter: { platform?: SimPlatform; match?: (w: DeliveredWebhook) => boolean }, options: { timeoutMs?: number; sinceSeq?: number } = {}): Promise<DeliveredWebhook> {
    const find = (): DeliveredWebhook | undefined =>
      this.delivered.find(
        (w) => w.seq >= (options.sinceSeq ?? 0) && (w.status !== undefined || w.error !== undefined) && (!filter.platform || w.platform === filter.platform) && (!filter.match || filter.match(w)),
      );
    return waitUntil(find, this.webhookWaiters, options.timeoutMs, () => `no webhook for ${filter.platform ?? 'any platform'}`);
  }

  clear(): void {
    this.calls = [];
    this.delivered = [];
  }
}

/**
 * Without `timeoutMs` the wait has no deadline: it ends when the call or webhook comes. A test's
 * own time limit bounds it; a deadline here (it was 5 s) failed tests on a loaded machine that
 * were waiting for something that did come, only later.
 */
function waitUntil<T>(find: () => T | undefined, waiters: Set<() => void>, timeoutMs: number | undefined, what: () => string): Promise<T> {
  const found = find();
  if (found !== undefined) return Promise.resolve(found);
  return new Promise<T>((resolve, reject) => {
    const wake = (): void => {
      const hit = find();
      if (hit === undefined) return;
      clearTimeout(timer);
      waiters.delete(wake);
      resolve(hit);
    };
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            waiters.delete(wake);
            reject(new Error(`simulator: ${what()} within ${timeoutMs} ms`));
          }, timeoutMs);
    waiters.add(wake);
  });
}

function matches(call: RecordedCall, filter?: CallFilter): boolean {
  if (!filter) return true;
  if (filter.platform && call.platform !== filter.platform) return false;
  if (filter.method && call.method.toUpperCase() !== filter.method.toUpperCase()) return false;
  if (filter.path !== undefined) {
    if (typeof filter.path === 'string' ? !call.path.includes(filter.path) : !filter.path.test(call.path)) return false;
  }
  return !filter.match || filter.match(call);
}

const describe = (filter: CallFilter): string => [filter.platform, filter.method, filter.path?.toString()].filter(Boolean).join(' ') || 'any';
