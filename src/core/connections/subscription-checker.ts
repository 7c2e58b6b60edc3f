import type { FastifyBaseLogger } from 'fastify';
import { periodicJob } from '../jobs/periodic-job.ts';
import { sql } from 'kysely';
import { tryOpenCredentials } from '../channel-accounts/channel-credentials.ts';
import { channelLastError } from '../channel-accounts/channel-last-error.ts';
import type { OAuthDeps } from './oauth-config.ts';
import { checkSubscription, recordSubscription, type SubscriptionOutcome } from './webhook-subscriptions.ts';

/**
 * The periodic half of channel health (FACTS pitfall 8): every CHECK_INTERVAL_MS, channels not
 * checked for that long have their webhook subscription read back from the platform and the
 * answer stored on the channel (subscription_state/detail/checked_at), which listChannels turns
 * into warnings. A token the platform rejects while checking marks the channel needs_reconnect,
 * as a rejected send does. One instance checks at a time (a session advisory lock).
 */

export const CHECK_INTERVAL_MS = 15 * 60_000;
/** 'snorq-subs' as a number; any fixed key will do (the sync scheduler has its own). */
const CHECK_LOCK_KEY = 7_365_938_218;

/** Check one channel now and store the result; null when it has nothing to check. */
export async function checkChannelSubscription(deps: OAuthDeps, channelId: number, now = new Date()): Promise<SubscriptionOutcome | null> {
  const channel = await deps.db.selectFrom('channels').selectAll().where('id', '=', channelId).executeTakeFirst();
  if (!channel || channel.connection_state !== 'connected') return null;
  const { credentials: creds, problem } = tryOpenCredentials(deps.secretBox, channel);
  if (problem) {
    const unreadable: SubscriptionOutcome = { state: 'unknown', detail: problem };
    await recordSubscription(deps, channel.id, unreadable, now);
    return unreadable;
  }
  if (!creds) return null;
  const outcome = await checkSubscription(deps, channel, creds);
  await recordSubscription(deps, channel.id, outcome, now);
  if (outcome.failure?.tokenInvalid) {
    await deps.db
      .updateTable('channels')
      .set({ connection_state: 'needs_reconnect', ...channelLastError(outcome.failure), last_error_at: now, updated_at: now })
      .where('id', '=', channel.id)
      .where('connection_state', '=', 'connected')
      .execute();
  }
  return outcome;
}

export interface SubscriptionChecker {
  start(): void;
  stop(): Promise<void>;
  /** One pass now; false when another instance holds the lock. */
  runOnce(now?: Date): Promise<boolean>;
}

export function createSubscriptionChecker(deps: OAuthDeps & { log: FastifyBaseLogger }, intervalMs = CHECK_INTERVAL_MS): SubscriptionChecker {
  const pass = (now = new Date()): Promise<boolean> =>
    deps.db.connection().execute(async (conn) => {
      const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${CHECK_LOCK_KEY}::bigint) as locked`.execute(conn);
      if (!rows[0]?.locked) return false;
      try {
        const due = await deps.db
          .selectFrom('channels')
          .select('id')
          .where('connection_state', '=', 'connected')
          .where('credentials_enc', 'is not', null)
          .where((eb) => eb.or([eb('subscription_checked_at', 'is', null), eb('subscription_checked_at', '<', new Date(now.getTime() - intervalMs + 30_000))]))
          .orderBy('subscription_checked_at', (ob) => ob.asc().nullsFirst())
          .execute();
        for (const { id } of due) {
          const outcome = await checkChannelSubscription(deps, id, now).catch((err: unknown) => {
            deps.log.warn({ err, channelId: id }, 'checking the webhook subscription failed');
            return null;
          });
          if (outcome?.state === 'missing') deps.log.warn({ channelId: id }, 'the platform no longer sends this channel’s webhooks to snorq');
        }
        return true;
      } finally {
        await sql`select pg_advisory_unlock(${CHECK_LOCK_KEY}::bigint)`.execute(conn);
      }
    });

  // Two minutes after start, not at once: a restart loop must not hammer the platforms.
  return periodicJob({ intervalMs, firstDelayMs: 120_000, pass, onError: (err) => deps.log.warn({ err }, 'webhook subscription check failed') });
}
