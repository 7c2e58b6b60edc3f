import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

export interface ClaimedDelivery {
  id: number;
  publicId: string;
  organizationId: number;
  subscriptionId: number;
  body: string;
  attempts: number;
  giveUpAt: Date;
  url: string;
  secretSealed: Buffer;
}

/**
 * Take up to `limit` deliveries that are due, for this instance, for `leaseMs`. FOR UPDATE SKIP
 * LOCKED lets every instance claim at once without taking the same row; the lease (`locked_until`)
 * keeps a claimed row from being claimed again while its POST is under way, and lets another
 * instance take it over if this one dies (at least once: the receiver de-duplicates by id).
 *
 * Order per conversation (or contact): a delivery is due only when no older delivery of the same
 * subscription and key is still pending, so event n+1 waits until n was delivered or given up.
 * PostgreSQL re-checks a row's conditions when the row lock was waited for, so a row another
 * instance just leased is skipped, not claimed twice.
 */
export async function claimDeliveries(db: Db, now: Date, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  const { rows } = await sql<ClaimedDelivery>`
    with due as (
      select d.id from webhook_deliveries d
      join webhook_subscriptions s on s.id = d.subscription_id
      where d.state = 'pending'
        and d.next_attempt_at <= ${now}
        and (d.locked_until is null or d.locked_until <= ${now})
        and s.disabled_at is null
        and not exists (
          select 1 from webhook_deliveries older
          where older.subscription_id = d.subscription_id and older.order_key = d.order_key
            and older.state = 'pending' and older.id < d.id
        )
      order by d.next_attempt_at, d.id
      limit ${limit}
      for update of d skip locked
    )
    update webhook_deliveries w
    set locked_until = ${new Date(now.getTime() + leaseMs)}, attempts = w.attempts + 1, last_attempt_at = ${now}
    from due, webhook_subscriptions s
    where w.id = due.id and s.id = w.subscription_id
    returning w.id, w.public_id as "publicId", w.organization_id as "organizationId", w.subscription_id as "subscriptionId", w.body,
      w.attempts, w.give_up_at as "giveUpAt", s.url, s.secret_sealed as "secretSealed"
  `.execute(db);
  return rows;
}
