import type { Db } from '../../db/database.ts';
import { eventWokenLoop, type EventWokenLoop } from '../jobs/event-woken-loop.ts';
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

/** Outgoing webhooks' loop: `drain` enqueues what the log holds, then delivers everything due now until nothing is, and resolves with the attempts made. */
export type WebhookWorker = EventWokenLoop<number>;

/**
 * Outgoing webhooks' loop (ADR 0012): turn new events into deliveries, then claim due deliveries
 * and POST them. Every instance runs it; the database decides who delivers what.
 */
export function createWebhookWorker(deps: WebhookWorkerDeps): WebhookWorker {
  const now = deps.now ?? (() => new Date());
  const concurrency = deps.concurrency ?? 8;
  const leaseMs = deps.timeoutMs + 60_000;
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
  return eventWokenLoop({
    pass: async () => {
      let attempts = 0;
      for (let n = await pass(); n > 0; n = await pass()) attempts += n;
      return attempts;
    },
    pollMs: deps.pollMs ?? 2000,
    onError: (err) => deps.log.error({ err }, 'webhook pass failed'),
  });
}
