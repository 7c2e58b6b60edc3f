import type { Db } from '../../db/database.ts';
import { organizationsNowRouted } from '../../core/ingest/recover-journal.ts';

/** Which journal rows an admin of an organisation may read and replay. */
export function journalVisibility(db: Db) {
  /**
   * Unrouted rows belong to no organisation: on a snorq with one organisation they are its
   * admins' to see; with several, an admin sees only those whose account their organisation has
   * connected since (what they can replay) — another tenant's stray webhooks, even their account
   * ids, are not theirs to read. The CLI (`snorq journal`) shows every row to the operator.
   */
  const withoutOthersUnrouted = async <R extends { id: number; organizationId: number | null }>(rows: R[], organizationId: number): Promise<R[]> => {
    const unrouted = rows.filter((r) => r.organizationId === null).map((r) => r.id);
    if (unrouted.length === 0) return rows;
    const { n } = await db
      .selectFrom('organizations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(n) === 1) return rows;
    const bodies = await db.selectFrom('webhook_events').select(['id', 'platform', 'content_type', 'body', 'account_hint']).where('id', 'in', unrouted).execute();
    const ours = new Set<number>();
    for (const row of bodies) {
      if ((await organizationsNowRouted({ db }, row)).includes(organizationId)) ours.add(row.id);
    }
    return rows.filter((r) => r.organizationId !== null || ours.has(r.id));
  };

  /** A row the caller may read and replay (their organisation's, or unrouted and not another's); null if they may not. */
  const rowFor = async (id: number, organizationId: number) => {
    const row = await db.selectFrom('webhook_events').select(['id', 'organization_id', 'platform', 'content_type', 'body', 'account_hint']).where('id', '=', id).executeTakeFirst();
    if (!row || (row.organization_id !== null && row.organization_id !== organizationId)) return null;
    // An unrouted row whose account another organisation has connected since is that one's now.
    if (row.organization_id === null) {
      const owners = await organizationsNowRouted({ db }, row);
      if (owners.some((o) => o !== organizationId)) return null;
    }
    return row;
  };

  return { withoutOthersUnrouted, rowFor };
}
