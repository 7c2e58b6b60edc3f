import { subscriptionTextOf } from '../../contract/server-texts.ts';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { channelHealth } from './channel-health.ts';

/** The organisation's channels with their health, for Settings → Channels and `snorq doctor`. */
export async function listChannels(db: Db, organizationId: number | null, now = new Date()) {
  let q = db
    .selectFrom('channels as ch')
    .selectAll('ch')
    .select([
      sql<number>`(select count(*)::int from messages m where m.channel_id = ch.id and m.direction = 'inbound' and m.created_at > coalesce(ch.last_webhook_at, now()) - interval '7 days')`.as(
        'inbound_last_week',
      ),
      sql<number>`(select count(*)::int from messages m where m.channel_id = ch.id and m.direction = 'outbound' and not m.is_private_note and m.created_at > now() - interval '1 day')`.as(
        'sent_last_day',
      ),
      sql<number>`(select count(*)::int from messages m where m.channel_id = ch.id and m.direction = 'outbound' and m.status = 'failed' and m.created_at > now() - interval '1 day')`.as(
        'failed_last_day',
      ),
    ])
    .orderBy('ch.platform')
    .orderBy('ch.id');
  if (organizationId !== null) q = q.where('ch.organization_id', '=', organizationId);
  const rows = await q.execute();
  return rows.map((c) => ({
    id: c.id,
    organizationId: c.organization_id,
    platform: c.platform,
    name: c.display_name,
    externalAccountId: c.external_account_id,
    connectionState: c.connection_state,
    source: c.source,
    tokenExpiresAt: c.token_expires_at?.toISOString() ?? null,
    lastWebhookAt: c.last_webhook_at?.toISOString() ?? null,
    lastError: c.last_error,
    lastErrorCode: c.last_error_code,
    lastErrorDetail: c.last_error_detail,
    lastErrorAt: c.last_error_at?.toISOString() ?? null,
    sendPausedUntil: c.send_paused_until?.toISOString() ?? null,
    /** Whether the platform still sends this channel's webhooks to snorq (null: not checked yet). */
    subscription: c.subscription_state
      ? {
          state: c.subscription_state,
          detail: c.subscription_detail,
          detailText: (c.subscription_detail && subscriptionTextOf(c.subscription_detail)) || null,
          checkedAt: c.subscription_checked_at?.toISOString() ?? null,
        }
      : null,
    health: channelHealth(c, { inboundLastWeek: c.inbound_last_week, sentLastDay: c.sent_last_day, failedLastDay: c.failed_last_day }, now),
    teamId: c.team_id,
  }));
}
