import { sql, type Kysely } from 'kysely';

/**
 * A team's name is unique in its organisation whatever its case, in the database itself: the
 * check before an insert ignored case but the constraint did not, so two admins creating
 * "Support" and "support" at the same moment both passed the check and made two teams (and the
 * same spelling twice met the constraint as a 500). With the index the second insert waits for
 * the first and fails, answered as 409 on `name` (manage-teams.ts).
 *
 * Names that already differ only by case keep the oldest as it is; the others get their id
 * appended, so the index can be built and nothing is lost.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    update teams t set name = t.name || ' (' || t.id || ')'
    where exists (select 1 from teams o where o.organization_id = t.organization_id and lower(o.name) = lower(t.name) and o.id < t.id)`.execute(db);
  await sql`alter table teams drop constraint if exists teams_organization_id_name_key`.execute(db);
  await sql`create unique index teams_name_any_case_key on teams (organization_id, lower(name))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists teams_name_any_case_key`.execute(db);
  await sql`alter table teams add constraint teams_organization_id_name_key unique (organization_id, name)`.execute(db);
}
