import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Platform } from '../../db/schema.ts';
import { dayStartSql, type DayRange } from './date-range.ts';

/**
 * What one row of a breakdown counts, over the conversations started in the range (created in
 * it, with at least one message: what the inbox list shows for the same filters):
 * - conversations: how many; resolved: how many of them are resolved now;
 * - inbound / outbound: their messages (private notes are not messages to the customer);
 * - first response: from the customer's first message to the first reply after it that did not
 *   fail (a note is no reply; the same rule as "waiting", src/core/conversations/recompute-waiting.ts);
 * - resolution: from the conversation's first message to when it was last resolved.
 * Times are medians in seconds, null when nothing was answered or resolved.
 */
export interface BreakdownFigures {
  conversations: number;
  resolved: number;
  inbound: number;
  outbound: number;
  answered: number;
  firstResponseMedianSeconds: number | null;
  resolutionMedianSeconds: number | null;
}

export interface Breakdowns {
  total: BreakdownFigures;
  /** Per assignee now (userId null: unassigned). */
  agents: (BreakdownFigures & { userId: number | null; name: string | null })[];
  labels: (BreakdownFigures & { label: string })[];
  channels: (BreakdownFigures & { channelId: number; name: string; platform: Platform })[];
}

interface Row {
  dimension: 'total' | 'agent' | 'label' | 'channel';
  key: string | null;
  conversations: number;
  resolved: number;
  inbound: number;
  outbound: number;
  answered: number;
  first_response: number | null;
  resolution: number | null;
}

const figures = (r: Row | undefined): BreakdownFigures => ({
  conversations: r?.conversations ?? 0,
  resolved: r?.resolved ?? 0,
  inbound: r?.inbound ?? 0,
  outbound: r?.outbound ?? 0,
  answered: r?.answered ?? 0,
  firstResponseMedianSeconds: r?.first_response === null || r?.first_response === undefined ? null : Math.round(Number(r.first_response)),
  resolutionMedianSeconds: r?.resolution === null || r?.resolution === undefined ? null : Math.round(Number(r.resolution)),
});

/**
 * One pass over the range's conversations (read through conversations_created_idx; each one's
 * messages through messages_thread_idx), then the same aggregate grouped four ways.
 */
async function breakdownRows(db: Db, organizationId: number, range: DayRange): Promise<Row[]> {
  const aggregate = sql`count(*)::int as conversations, count(*) filter (where status = 'resolved')::int as resolved,
    coalesce(sum(inbound), 0)::int as inbound, coalesce(sum(outbound), 0)::int as outbound,
    count(first_response)::int as answered,
    percentile_cont(0.5) within group (order by first_response) as first_response,
    percentile_cont(0.5) within group (order by resolution) as resolution`;
  const { rows } = await sql<Row>`
    with per as materialized (
      select c.id, c.channel_id, c.assignee_id, c.labels, c.status, n.inbound, n.outbound,
        extract(epoch from r.first_out - n.first_in) as first_response,
        case when c.status = 'resolved' then extract(epoch from c.resolved_at - n.started) end as resolution
      from conversations c
      cross join lateral (
        select count(*) filter (where m.direction = 'inbound')::int as inbound, count(*) filter (where m.direction = 'outbound')::int as outbound,
          min(m.platform_timestamp) as started, min(m.platform_timestamp) filter (where m.direction = 'inbound') as first_in
        from messages m where m.conversation_id = c.id and not m.is_private_note
      ) n
      left join lateral (
        select min(o.platform_timestamp) as first_out from messages o
        where o.conversation_id = c.id and o.direction = 'outbound' and not o.is_private_note and o.status <> 'failed' and o.platform_timestamp > n.first_in
      ) r on true
      where c.organization_id = ${organizationId} and c.last_message_at is not null
        and c.created_at >= ${dayStartSql(range.from, organizationId)} and c.created_at < ${dayStartSql(range.to, organizationId, true)}
    )
    select 'total' as dimension, null as key, ${aggregate} from per
    union all select 'agent', assignee_id::text, ${aggregate} from per group by assignee_id
    union all select 'label', l.label, ${aggregate} from per cross join unnest(per.labels) as l(label) group by l.label
    union all select 'channel', channel_id::text, ${aggregate} from per group by channel_id`.execute(db);
  return rows;
}

/** The breakdowns per agent, label and channel of the conversations started in the range. */
export async function breakdowns(db: Db, organizationId: number, range: DayRange): Promise<Breakdowns> {
  const rows = await breakdownRows(db, organizationId, range);
  const of = (d: Row['dimension']) => rows.filter((r) => r.dimension === d);
  const users = new Map((await db.selectFrom('users').select(['id', 'name']).where('organization_id', '=', organizationId).execute()).map((u) => [u.id, u.name]));
  const channels = new Map((await db.selectFrom('channels').select(['id', 'display_name', 'platform']).where('organization_id', '=', organizationId).execute()).map((c) => [c.id, c]));
  const byCount = <T extends BreakdownFigures>(a: T, b: T) => b.conversations - a.conversations;
  return {
    total: figures(of('total')[0]),
    agents: of('agent')
      .map((r) => {
        const userId = r.key === null ? null : Number(r.key);
        return { ...figures(r), userId, name: userId === null ? null : (users.get(userId) ?? null) };
      })
      .sort(byCount),
    labels: of('label')
      .map((r) => ({ ...figures(r), label: r.key! }))
      .sort(byCount),
    channels: of('channel')
      .flatMap((r) => {
        const channel = channels.get(Number(r.key));
        return channel ? [{ ...figures(r), channelId: channel.id, name: channel.display_name, platform: channel.platform }] : [];
      })
      .sort(byCount),
  };
}
