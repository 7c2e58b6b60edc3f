import type { PriorityTarget } from '../../contract/teams.ts';
import type { Db } from '../../db/database.ts';
import type { Priority } from '../../db/schema.ts';

const PRIORITIES: Priority[] = ['urgent', 'high', 'normal', 'low'];

/** Every priority's targets, in order from urgent to low (a priority never set has none). */
export async function priorityTargets(db: Db, organizationId: number): Promise<PriorityTarget[]> {
  const rows = await db.selectFrom('sla_priority_targets').selectAll().where('organization_id', '=', organizationId).execute();
  return PRIORITIES.map((priority) => {
    const row = rows.find((r) => r.priority === priority);
    return { priority, firstResponseMinutes: row?.first_response_minutes ?? null, nextResponseMinutes: row?.next_response_minutes ?? null };
  });
}

/** Replace the targets of the priorities given; the clocks of waiting conversations are worked out again. */
export async function setPriorityTargets(db: Db, organizationId: number, targets: PriorityTarget[]): Promise<PriorityTarget[]> {
  await db.transaction().execute(async (trx) => {
    for (const t of targets) {
      const values = { first_response_minutes: t.firstResponseMinutes, next_response_minutes: t.nextResponseMinutes };
      await trx
        .insertInto('sla_priority_targets')
        .values({ organization_id: organizationId, priority: t.priority, ...values })
        .onConflict((oc) => oc.columns(['organization_id', 'priority']).doUpdateSet(values))
        .execute();
    }
    await restartSlaClocks(trx, organizationId);
  });
  return priorityTargets(db, organizationId);
}

/** Targets changed: every waiting conversation's clock is stale, to be worked out again by the next SLA pass. */
export async function restartSlaClocks(db: Pick<Db, 'updateTable'>, organizationId: number, teamId?: number): Promise<void> {
  let query = db.updateTable('conversations').set({ sla_started_at: null }).where('organization_id', '=', organizationId).where('waiting_since', 'is not', null);
  if (teamId !== undefined) query = query.where('team_id', '=', teamId);
  await query.execute();
}
