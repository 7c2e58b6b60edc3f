import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Platform } from '../../db/schema.ts';
import { breakdowns } from './breakdowns.ts';
import { dayStartSql, daysIn, type DayRange } from './date-range.ts';

const round = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(Number(v)));

/** Messages per day (in the organisation's time zone) and platform, notes left out. */
async function volumeByDay(db: Db, organizationId: number, range: DayRange) {
  const { rows } = await sql<{ day: string; platform: Platform; inbound: number; outbound: number }>`
    select to_char(m.platform_timestamp at time zone ${range.timeZone}, 'YYYY-MM-DD') as day, ch.platform,
      count(*) filter (where m.direction = 'inbound')::int as inbound,
      count(*) filter (where m.direction = 'outbound')::int as outbound
    from messages m join channels ch on ch.id = m.channel_id
    where m.organization_id = ${organizationId} and not m.is_private_note
      and m.platform_timestamp >= ${dayStartSql(range.from, organizationId)} and m.platform_timestamp < ${dayStartSql(range.to, organizationId, true)}
    group by 1, 2 order by 1, 2`.execute(db);
  return rows;
}

/**
 * How fast customers get an answer, per platform: a "response time" runs from the customer's first
 * message after the business last spoke (or ever) to the business's next reply; notes do not count,
 * nor does a reply that failed (the customer was never answered: the breakdowns judge it so too).
 * The next reply is read from the range's own messages in the same pass (a window over each
 * conversation); only a question still unanswered when the range ends looks past it, one index
 * lookup each — and only if the range has ended: a range that ends after `now` (the usual "last
 * N days") has nothing past it to find. Those lookups were ~97 % of the dashboard's cost at 1 M
 * messages (bench/queries.ts EXPLAIN, 30 days: 36,446 lookups, 136 k of its 150 k buffers).
 */
async function responseTimes(db: Db, organizationId: number, range: DayRange, now: Date) {
  const rangeEnd = dayStartSql(range.to, organizationId, true);
  const { rows } = await sql<{ platform: Platform | null; median: number | null; p90: number | null; answered: number }>`
    with ordered as (
      select m.conversation_id, m.channel_id, m.direction, m.platform_timestamp,
        lag(m.direction) over thread as previous,
        min(m.platform_timestamp) filter (where m.direction = 'outbound') over (thread rows between 1 following and unbounded following) as next_reply
      from messages m
      where m.organization_id = ${organizationId} and not m.is_private_note and not (m.direction = 'outbound' and m.status = 'failed')
        and m.platform_timestamp >= ${dayStartSql(range.from, organizationId)} and m.platform_timestamp < ${rangeEnd}
      window thread as (partition by m.conversation_id order by m.platform_timestamp, m.id)
    ), asked as (
      select conversation_id, channel_id, platform_timestamp as at, next_reply from ordered
      where direction = 'inbound' and (previous is null or previous = 'outbound')
    ), answered as (
      select a.channel_id, extract(epoch from coalesce(
        case when a.next_reply > a.at then a.next_reply end,
        -- a reply in the same instant as the question leaves next_reply = at: look on from there
        case when a.next_reply is not null or ${rangeEnd} <= ${now}::timestamptz then
          (select min(o.platform_timestamp) from messages o
           where o.conversation_id = a.conversation_id and o.direction = 'outbound' and not o.is_private_note and o.status <> 'failed' and o.platform_timestamp > a.at) end
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
  const total = rows.find((r) => r.platform === null);
  return {
    medianSeconds: round(total?.median),
    p90Seconds: round(total?.p90),
    answered: total?.answered ?? 0,
    byPlatform: rows.filter((r) => r.platform !== null).map((r) => ({ platform: r.platform!, medianSeconds: round(r.median), p90Seconds: round(r.p90), answered: r.answered })),
  };
}

/**
 * Right now, whatever the range, counted exactly as the inbox list filters them (its links open
 * these lists): open = `/inbox` (status open); waiting = `/inbox?status=any&waiting=1` (open or
 * pending, the customer waiting for an answer: waiting_since, kept as recompute-waiting.ts defines
 * it); unanswered = `/inbox?unread=unanswered` (open, and unread or waiting); SLA at risk and
 * breached = `/inbox?status=any&sla=at_risk|breached` (src/core/sla's clock). The list shows only
 * threads with a message, and so do these counts. One pass over the open and pending
 * conversations counts all of them (three statements did, one of them a sequential scan: 81 of the
 * dashboard's ~220 ms of statements at 1 M messages, bench/FINDINGS.md).
 */
async function rightNow(db: Db, organizationId: number, now: Date) {
  const open = sql`c.status = 'open'`;
  const waiting = sql`c.waiting_since is not null`;
  // As the list's `sla` filter and the rows' badges judge a clock (list-conversations.ts whereSla).
  const clocked = sql`c.waiting_since = c.sla_started_at and c.sla_due_at is not null`;
  const { rows } = await sql<{ platform: Platform | null; waiting: number; oldest: Date | null; open: number; unanswered: number; at_risk: number; breached: number }>`
    select ch.platform,
      count(*) filter (where ${waiting})::int as waiting, min(c.waiting_since) as oldest,
      count(*) filter (where ${open})::int as open,
      count(*) filter (where ${open} and (c.unread_count > 0 or ${waiting}))::int as unanswered,
      count(*) filter (where ${clocked} and c.sla_warn_at <= ${now} and c.sla_due_at > ${now})::int as at_risk,
      count(*) filter (where ${clocked} and c.sla_due_at <= ${now})::int as breached
    from conversations c join channels ch on ch.id = c.channel_id
    where c.organization_id = ${organizationId} and c.last_message_at is not null and c.status in ('open', 'pending')
    group by rollup (ch.platform)`.execute(db);
  const total = rows.find((r) => r.platform === null);
  return {
    waiting: {
      count: total?.waiting ?? 0,
      oldestSince: total?.oldest?.toISOString() ?? null,
      // Only the platforms someone is waiting on, as the waiting list's platform filter would show.
      byPlatform: rows.filter((r) => r.platform !== null && r.waiting > 0).map((r) => ({ platform: r.platform!, count: r.waiting, oldestSince: r.oldest?.toISOString() ?? null })),
    },
    unanswered: total?.unanswered ?? 0,
    openConversations: total?.open ?? 0,
    sla: { atRisk: total?.at_risk ?? 0, breached: total?.breached ?? 0 },
  };
}

/**
 * What a team lead watches over a range of days in the organisation's time zone: volume per
 * platform per day, how fast customers get an answer, breakdowns per agent, label and channel of
 * the conversations started in the range, and (whatever the range) who is waiting now.
 */
export async function inboxMetrics(db: Db, organizationId: number, range: DayRange, now = new Date()) {
  // The four parts are independent reads: on a pool they run on their own connections at once, so
  // the dashboard waits for the slowest (~65 ms at 1 M messages) instead of their sum. Four of the
  // pool's connections for a moment; a team lead opens this page, not every agent every second.
  const [volume, responses, current, perDimension] = await Promise.all([
    volumeByDay(db, organizationId, range),
    responseTimes(db, organizationId, range, now),
    rightNow(db, organizationId, now),
    breakdowns(db, organizationId, range),
  ]);
  return { range, days: daysIn(range), volumeByDay: volume, responseTimes: responses, ...current, breakdowns: perDimension };
}
