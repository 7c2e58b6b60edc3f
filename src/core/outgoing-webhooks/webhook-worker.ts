import type { Db } from '../../db/database.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import type { TargetPolicy } from './check-target-url.ts';
import { claimDeliveries, type ClaimedDelivery } from './claim-deliveries.ts';
import { enqueueDeliveries } from './enqueue-deliveries.ts';
import { postDelivery } from './post-delivery.ts';
import { recordAttempt, type Disabled } from './record-attempt.ts';
import type { RetryPolicy } from './retry-schedule.ts';

export interface WebhookWorkerDeps {
  db: Db;
  secretBox: SecretBox;
  policy: TargetPolicy;
  retry: RetryPolicy;
  timeoutMs: number;
  log: { warn(o: object, m: string): void; error(o: object, m: string): void };
  /** Tell the organisation's admins that a subscription was disabled (src/core/notifications). */
  onDisabled?: (disabled: Disabled) => Promise<void>;
  /** The clock (tests pass their own: no test waits for a retry). */
  now?: () => Date;
  random?: () => number;
  /** How often the worker looks for due deliveries when nothing wakes it. */
  pollMs?: number;
  /** Deliveries in flight at once (each to a different conversation, or subscription). */
  concurrency?: number;
}

/** What wakes the worker as soon as an event is logged (the event stream: src/core/realtime/event-stream.ts). */
export interface EventSource {
  subscribe(listener: () => void): () => void;
}

export interface WebhookWorker {
  /** Deliver in the background, woken by `events` when given, else every `pollMs`. */
  start(events?: EventSource): void;
  /** Something happened (an event was logged, "send again" was pressed): look now. */
  wake(): void;
  /** Enqueue what the log holds, then deliver everything due now until nothing is; resolves with the attempts made. */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Outgoing webhooks' loop (ADR 0012): turn new events into deliveries, then claim due deliveries
 * and POST them. Every instance runs it; the database decides who delivers what.
 */
export function createWebhookWorker(deps: WebhookWorkerDeps): WebhookWorker {
  const now = deps.now ?? (() => new Date());
  const concurrency = deps.concurrency ?? 8;
  const leaseMs = deps.timeoutMs + 60_000;
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let wakeUp: (() => void) | undefined;
  let loop: Promise<void> | undefined;
  let busy: Promise<unknown> = Promise.resolve();
  let unsubscribe: (() => void) | undefined;

  const deliverOne = async (delivery: ClaimedDelivery) => {
    const secret = deps.secretBox.open(delivery.secretSealed);
    const outcome = await postDelivery({ url: delivery.url, secret, eventId: delivery.publicId, body: delivery.body }, { policy: deps.policy, timeoutMs: deps.timeoutMs, now });
    const disabled = await recordAttempt(deps.db, delivery, outcome, { now: now(), policy: deps.retry, random: deps.random });
    if (disabled) await deps.onDisabled?.(disabled).catch((err: unknown) => deps.log.warn({ err, subscriptionId: disabled.subscriptionId }, 'telling admins of a disabled webhook failed'));
  };
  const pass = async (): Promise<number> => {
    await enqueueDeliveries(deps.db, now());
    const claimed = await claimDeliveries(deps.db, now(), concurrency, leaseMs);
    await Promise.all(claimed.map((d) => deliverOne(d).catch((err: unknown) => deps.log.error({ err, deliveryId: d.id }, 'a webhook delivery crashed'))));
    return claimed.length;
  };
  const drain = (): Promise<number> => {
    const run = busy.then(async () => {
      let attempts = 0;
      for (let n = await pass(); n > 0; n = await pass()) attempts += n;
      return attempts;
    });
    busy = run.catch(() => undefined);
    return run;
  };

  return {
    start(events) {
      if (running) return;
      running = true;
      unsubscribe = events?.subscribe(() => wakeUp?.());
      loop = (async () => {
        while (running) {
          await drain().catch((err: unknown) => deps.log.error({ err }, 'webhook pass failed'));
          await new Promise<void>((resolve) => {
            wakeUp = resolve;
            timer = setTimeout(resolve, deps.pollMs ?? 2000);
          });
        }
      })();
    },
    wake: () => wakeUp?.(),
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
