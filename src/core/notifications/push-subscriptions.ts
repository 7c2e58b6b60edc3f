import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { stillValid } from '../accounts/auth-tokens.ts';

export interface PushSubscriptionKeys {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/**
 * Keep a device's subscription for the session that made it. One endpoint is one device's
 * browser profile: subscribing again (a new session, another user signing in on that browser)
 * takes the row over, so a device never receives another user's pushes.
 */
export async function savePushSubscription(
  db: Db,
  owner: { organizationId: number; userId: number; tokenId: number },
  subscription: PushSubscriptionKeys & { userAgent?: string | undefined },
): Promise<number> {
  const values = {
    organization_id: owner.organizationId,
    user_id: owner.userId,
    token_id: owner.tokenId,
    p256dh: subscription.p256dh,
    auth: subscription.auth,
    user_agent: subscription.userAgent?.slice(0, 300) ?? null,
  };
  const row = await db
    .insertInto('push_subscriptions')
    .values({ ...values, endpoint: subscription.endpoint })
    .onConflict((oc) => oc.column('endpoint').doUpdateSet({ ...values, last_push_at: null }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Remove one of a user's subscriptions; false when it is not theirs (or not there). */
export async function removePushSubscription(db: Db, organizationId: number, userId: number, id: number): Promise<boolean> {
  const res = await db.deleteFrom('push_subscriptions').where('id', '=', id).where('organization_id', '=', organizationId).where('user_id', '=', userId).executeTakeFirst();
  return res.numDeletedRows > 0n;
}

export async function listPushSubscriptions(db: Db, organizationId: number, userId: number) {
  return db
    .selectFrom('push_subscriptions')
    .select(['id', 'endpoint', 'user_agent as userAgent', 'created_at as createdAt', 'last_push_at as lastPushAt', 'token_id as tokenId'])
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
}

/** Does anyone in the organisation have a device subscribed (valid or not)? One index probe. */
export async function anyPushSubscription(db: Db, organizationId: number): Promise<boolean> {
  const row = await db.selectFrom('push_subscriptions').select('id').where('organization_id', '=', organizationId).limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * The subscriptions pushes may go to for these users: the session that made each must still hold
 * (not signed out or revoked, not past its 14 days) and its user not be disabled. A session's idle
 * limit is not asked: a notification is what brings an agent who stepped away back to the inbox.
 */
export async function deliverableSubscriptions(db: Db, organizationId: number, userIds: number[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('push_subscriptions as s')
    .innerJoin('auth_tokens as t', 't.id', 's.token_id')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id', 's.user_id as userId', 's.endpoint', 's.p256dh', 's.auth'])
    .where('s.organization_id', '=', organizationId)
    .where('s.user_id', '=', sql<number>`any(${userIds}::bigint[])`)
    .where(stillValid({ sessionIdleMinutes: 0 }))
    .execute();
}

/** The push service said the subscription is gone (404/410): it never comes back. */
export async function dropPushSubscription(db: Db, id: number): Promise<void> {
  await db.deleteFrom('push_subscriptions').where('id', '=', id).execute();
}

export async function markPushed(db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('push_subscriptions')
    .set({ last_push_at: new Date() })
    .where('id', '=', sql<number>`any(${ids}::bigint[])`)
    .execute();
}
