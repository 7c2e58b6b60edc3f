import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Conversation } from '../../db/schema.ts';
import { conversationFieldsDto } from '../conversations/dto.ts';
import { appendEvents } from '../events/event-log.ts';
import { addBusinessMinutes } from './business-time.ts';

/** "Nearing" its target: this share of the target's business time has passed. */
const WARN_SHARE = 0.75;

/**
 * Work out the SLA clock of each open or pending conversation whose customer waits and whose clock
 * does not match that wait (a new wait, or targets changed): first response when nobody has
 * answered yet, next response otherwise; the stricter of the team's and the priority's target, in
 * the organisation's business hours. A wait with no target clears the clock. A breach already
 * announced for the same wait stays announced.
 */
export async function refreshSlaClocks(db: Db, organizationId: number): Promise<number> {
  const org = await db.selectFrom('organizations').select(['time_zone', 'business_hours', 'holidays']).where('id', '=', organizationId).executeTakeFirst();
  if (!org) return 0;
  const rows = await db
    .selectFrom('conversations as c')
    .leftJoin('teams as t', 't.id', 'c.team_id')
    .leftJoin('sla_priority_targets as p', (j) => j.onRef('p.organization_id', '=', 'c.organization_id').onRef('p.priority', '=', 'c.priority'))
    .select([
      'c.id',
      'c.waiting_since',
      'c.last_outbound_at',
      'c.sla_due_at',
      't.first_response_minutes as teamFirst',
      't.next_response_minutes as teamNext',
      'p.first_response_minutes as prioFirst',
      'p.next_response_minutes as prioNext',
    ])
    .where('c.organization_id', '=', organizationId)
    .where('c.status', 'in', ['open', 'pending'])
    .where(sql<boolean>`c.waiting_since is distinct from c.sla_started_at`)
    .limit(500)
    .execute();
  for (const r of rows) {
    const kind = r.last_outbound_at === null ? 'first' : 'next';
    const targets = (kind === 'first' ? [r.teamFirst, r.prioFirst] : [r.teamNext, r.prioNext]).filter((m): m is number => m !== null);
    const target = targets.length ? Math.min(...targets) : null;
    const start = r.waiting_since;
    const due = start && target ? addBusinessMinutes(start, target, org.business_hours, org.time_zone, org.holidays) : null;
    const warn = start && target ? addBusinessMinutes(start, Math.max(1, Math.floor(target * WARN_SHARE)), org.business_hours, org.time_zone, org.holidays) : null;
    // A clock the list shows (one begun, moved, or ended by targets removed) is announced, so rows
    // change live. An answered wait needs none (its rows lost the clock with the answer's own
    // event: dto.ts slaClockDto), nor does a wait with no target and no clock before it.
    const visible = due !== null || (r.sla_due_at !== null && start !== null);
    await db.transaction().execute(async (trx) => {
      // The row first (this update locks it), then the event counter (appendEvents): every writer's order.
      const row = await trx
        .updateTable('conversations')
        .set({
          sla_started_at: start,
          sla_kind: due ? kind : null,
          sla_due_at: due,
          sla_warn_at: due ? warn : null,
          sla_breached_at: sql<Date | null>`case when sla_breached_at >= ${start} then sla_breached_at end`,
          sla_warned_at: sql<Date | null>`case when sla_warned_at >= ${start} then sla_warned_at end`,
        })
        .where('id', '=', r.id)
        .where(sql<boolean>`waiting_since is not distinct from ${start}`)
        .returningAll()
        .executeTakeFirst();
      if (row && visible) await appendEvents(trx, organizationId, [{ type: 'conversation:updated', payload: { conversation: conversationFieldsDto(row), slaClock: true } }]);
    });
  }
  return rows.length;
}

/**
 * The instant a clock crosses and the column marking it crossed for this wait. Marking is the
 * claim: one instance's UPDATE wins each row, so each crossing is announced once.
 */
type Crossing = { instant: 'sla_due_at'; marked: 'sla_breached_at' } | { instant: 'sla_warn_at'; marked: 'sla_warned_at' };

/** Mark the open waits whose clock crossed `crossing.instant` by `now`, unmarked for this wait, and announce those `announce` keeps. */
async function markCrossed(db: Db, organizationId: number, now: Date, crossing: Crossing, announce: (row: Conversation) => boolean, flag: { slaBreach: true } | { slaClock: true }): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .updateTable('conversations')
      .set(crossing.marked === 'sla_breached_at' ? { sla_breached_at: now } : { sla_warned_at: now })
      .where('organization_id', '=', organizationId)
      .where('status', 'in', ['open', 'pending'])
      .where(crossing.instant, '<=', now)
      .where(crossing.marked, 'is', null)
      .where(sql<boolean>`waiting_since = sla_started_at`)
      .returningAll()
      .execute();
    const announced = rows.filter(announce);
    if (announced.length)
      await appendEvents(
        trx,
        organizationId,
        announced.map((row) => ({ type: 'conversation:updated' as const, payload: { conversation: conversationFieldsDto(row), ...flag } })),
      );
    return announced.length;
  });
}

/**
 * Conversations past their target, not yet announced for this wait: marked (one instance wins each
 * row) and announced as `conversation:updated` with `slaBreach: true`, which notifies once.
 */
export function announceSlaBreaches(db: Db, organizationId: number, now = new Date()): Promise<number> {
  return markCrossed(db, organizationId, now, { instant: 'sla_due_at', marked: 'sla_breached_at' }, () => true, { slaBreach: true });
}

/**
 * Clocks that crossed their warning instant, not yet announced for this wait: marked (one instance
 * wins each row) and, while still before their due instant, announced as `conversation:updated`
 * (`slaClock: true`, which notifies nobody), so the row joins every inbox's "at risk" view live.
 * One past its due instant too is only marked: its breach is announced instead.
 */
export function announceSlaWarnings(db: Db, organizationId: number, now = new Date()): Promise<number> {
  const atRisk = (row: Conversation) => row.sla_due_at !== null && row.sla_due_at > now && row.sla_breached_at === null;
  return markCrossed(db, organizationId, now, { instant: 'sla_warn_at', marked: 'sla_warned_at' }, atRisk, { slaClock: true });
}

/**
 * The earliest instant a clock not yet announced crosses (its warning, then its due instant), or
 * null: when the routing worker next looks (routing-worker.ts).
 */
export async function nextSlaDue(db: Db, organizationId: number): Promise<Date | null> {
  const row = await db
    .selectFrom('conversations')
    .select(sql<Date | null>`min(case when sla_warned_at is null then least(sla_warn_at, sla_due_at) else sla_due_at end)`.as('due'))
    .where('organization_id', '=', organizationId)
    .where('status', 'in', ['open', 'pending'])
    .where('sla_breached_at', 'is', null)
    .where('sla_due_at', 'is not', null)
    .where(sql<boolean>`waiting_since = sla_started_at`)
    .executeTakeFirst();
  return row?.due ? new Date(row.due) : null;
}
