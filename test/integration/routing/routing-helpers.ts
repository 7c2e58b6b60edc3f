import { createUser } from '../../../src/core/accounts/users.ts';
import type { Db } from '../../../src/db/database.ts';

/** Agents of an organisation, each with a presence (as their tabs would have made it). */
export async function agents(db: Db, organizationId: number, names: string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const name of names) {
    const email = `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@routing.test`;
    ids.push((await createUser(db, { organizationId, email, name, role: 'agent', password: 'routing password 1' })).id);
  }
  return ids;
}

/** Set an agent's presence, as of `changedAt` (default now). */
export async function setPresence(db: Db, organizationId: number, userId: number, presence: 'online' | 'away' | 'offline', changedAt = new Date()): Promise<void> {
  await db
    .insertInto('user_presence')
    .values({ user_id: userId, organization_id: organizationId, presence, changed_at: changedAt })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ presence, changed_at: changedAt }))
    .execute();
}

/** Who holds each of these conversations. */
export async function assigneesOf(db: Db, ids: number[]): Promise<(number | null)[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('conversations').select(['id', 'assignee_id']).where('id', 'in', ids).execute();
  return ids.map((id) => rows.find((r) => r.id === id)?.assignee_id ?? null);
}

/** How many of these conversations each agent holds. */
export function tally(assignees: (number | null)[]): Map<number | null, number> {
  const out = new Map<number | null, number>();
  for (const a of assignees) out.set(a, (out.get(a) ?? 0) + 1);
  return out;
}
