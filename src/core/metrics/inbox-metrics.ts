import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Platform } from '../../db/schema.ts';

/**
 * What a team lead watches: volume per platform per day, how fast customers get an answer, and
 * who is waiting now. A "response time" runs from the customer's first message after the
 * business last spoke (or ever) to the business's next reply; notes do not count as replies.
 */
export async function inboxMetrics(db: Db, organizationId: number, days: number) {
  const since = new Date(Date.now() - days * 86_400_000);
  const volume = await sql<{ day: string; platform: Platform; inbound: number; outbound: number }>`
    select to_char(date_trunc('day', m.platform_timestamp at time zone 'UTC'), 'YYYY-MM-DD') as day, ch.platform,
      count(*) filter (where m.direction = 'inbound')::int as inbound,
      count(*) filter (where m.direction = 'outbound')::int as outbound
    from messages m join channels ch on ch.id = m.channel_id
    where m.organization_id = ${organizationId} and not m.is_private_note and m.platform_timestamp >= ${since}
    group by 1, 2 order by 1, 2`.execute(db);

  const responses = await sql<{ platform: Platform | null; median: number | null; p90: number | null; answered: number }>`
    with ordered as (
      select m.conversation_id, m.channel_id, m.direction, m.platform_timestamp,
        lag(m.direction) over (partition by m.conversation_id order by m.platform_timestamp, m.id) as previous
      from messages m
      where m.organization_id = ${organizationId} and not m.is_private_note and m.platform_timestamp >= ${since}
    ), asked as (
      select conversation_id, channel_id, platform_timestamp as at from ordered
      where direction = 'inbound' and (previous is null or previous = 'outbound')
    ), answered as (
      select a.channel_id, extract(epoch from (
        select min(o.platform_timestamp) from messages o
        where o.conversation_id = a.conversation_id and o.direction = 'outbound' and not o.is_private_note and o.platform_timestamp > a.at
      ) - a.at) as seconds
      from asked a
    )
    select ch.platform,
      percentile_cont(0.5) within group (order by seconds) as median,
      percentile_cont(0.9) within group (order by seconds) as p90,
      count(*)::int as answered
    from answered x join channels ch on ch.id = x.channel_id
    where seconds is not null
    group by rollup (ch.platform)`.execute(db);

  const waiting = await sql<{ platform: Platform | null; count: number; oldest: Date | null }>`
    select ch.platform, count(*)::int as count, min(c.waiting_since) as oldest
    from conversations c join channels ch on ch.id = c.channel_id
    where c.organization_id = ${organizationId} and c.waiting_since is not null and c.status in ('open', 'pending')
    group by rollup (ch.platform)`.execute(db);

  const open = await db
    .selectFrom('conversations')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();

  const total = responses.rows.find((r) => r.platform === null);
  const waitingTotal = waiting.rows.find((r) => r.platform === null);
  const round = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(Number(v)));
  return {
    days,
    volumeByDay: volume.rows,
    responseTimes: {
      medianSeconds: round(total?.median),
      p90Seconds: round(total?.p90),
      answered: total?.answered ?? 0,
      byPlatform: responses.rows.filter((r) => r.platform !== null).map((r) => ({ platform: r.platform!, medianSeconds: round(r.median), p90Seconds: round(r.p90), answered: r.answered })),
    },
    waiting: {
      count: waitingTotal?.count ?? 0,
      oldestSince: waitingTotal?.oldest?.toISOString() ?? null,
      byPlatform: waiting.rows.filter((r) => r.platform !== null).map((r) => ({ platform: r.platform!, count: r.count, oldestSince: r.oldest?.toISOString() ?? null })),
    },
    unanswered: waitingTotal?.count ?? 0,
    openConversations: open.n,
  };
}
