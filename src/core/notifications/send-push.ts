import type { Agent } from 'node:https';
import type { Db } from '../../db/database.ts';
import type { Notification } from './decide-notifications.ts';
import { deliverableSubscriptions, dropPushSubscription, markPushed } from './push-subscriptions.ts';
import type { VapidKeys } from './vapid-keys.ts';

export interface PushSender {
  vapid: () => Promise<VapidKeys>;
  log: { warn(o: object, m: string): void };
  /** The HTTPS agent requests go through (a proxy's, or one trusting a private push service's CA). */
  agent?: Agent | undefined;
}

/** A push not delivered within a day is of no use any more. */
const TTL_SECONDS = 24 * 3600;
/** Pushes in flight at once: a busy organisation's burst must not open hundreds of connections. */
const PARALLEL = 8;

/**
 * Send each notification to every device its user may receive pushes on, encrypted for the
 * device (RFC 8291) and signed with snorq's VAPID key (RFC 8292) by the `web-push` library. A
 * subscription the push service no longer knows (404, 410) is removed; other failures are logged
 * and not retried (a late notification is worse than none). Returns how many pushes were accepted.
 */
export async function sendPushes(db: Db, organizationId: number, notifications: Notification[], sender: PushSender): Promise<number> {
  if (notifications.length === 0) return 0;
  const subscriptions = await deliverableSubscriptions(db, organizationId, [...new Set(notifications.map((n) => n.userId))]);
  const jobs = notifications.flatMap((n) => subscriptions.filter((s) => s.userId === n.userId).map((s) => ({ s, n })));
  if (jobs.length === 0) return 0;
  const vapid = await sender.vapid();
  // Loaded with the first push, not at start: an organisation without devices never needs it.
  const { default: webpush, WebPushError } = await import('web-push');
  const pushed: number[] = [];
  const send = async ({ s, n }: (typeof jobs)[number]) => {
    try {
      await webpush.sendNotification({ endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } }, JSON.stringify(n.payload), {
        vapidDetails: vapid,
        TTL: TTL_SECONDS,
        urgency: 'high',
        // One pending push per conversation at the push service: a newer one replaces it.
        topic: n.payload.tag.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 32),
        timeout: 10_000,
        ...(sender.agent ? { agent: sender.agent } : {}),
      });
      pushed.push(s.id);
    } catch (err) {
      if (err instanceof WebPushError && (err.statusCode === 404 || err.statusCode === 410)) return dropPushSubscription(db, s.id);
      sender.log.warn({ err: err instanceof WebPushError ? { statusCode: err.statusCode, body: err.body.slice(0, 200) } : err, subscriptionId: s.id }, 'a push was not delivered');
    }
  };
  for (let i = 0; i < jobs.length; i += PARALLEL) await Promise.all(jobs.slice(i, i + PARALLEL).map(send));
  await markPushed(db, [...new Set(pushed)]);
  return pushed.length;
}
