import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams } from '../../contract/common.ts';
import { withErrors } from '../../contract/errors.ts';
import { JournalList, JournalQuery, ReplayAllBody, ReplayAllResult, ReplayResult } from '../../contract/journal.ts';
import { recordAudit } from '../../core/audit/record-audit.ts';
import { notFound } from '../../core/errors/app-error.ts';
import { listJournal } from '../../core/ingest/journal.ts';
import { organizationsNowRouted, replayWebhook } from '../../core/ingest/recover-journal.ts';
import { requireAdmin } from '../plugins/authenticate.ts';

/**
 * The raw webhook journal for admins: what failed, what no channel claimed, and a replay once the
 * cause is fixed (e.g. the account is now connected). An admin sees their organisation's entries
 * and the unrouted ones that may be theirs (see withoutOthersUnrouted).
 */
export async function journalRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();

  /**
   * Unrouted rows belong to no organisation: on a snorq with one organisation they are its
   * admins' to see; with several, an admin sees only those whose account their organisation has
   * connected since (what they can replay) — another tenant's stray webhooks, even their account
   * ids, are not theirs to read. The CLI (`snorq journal`) shows every row to the operator.
   */
  const withoutOthersUnrouted = async <R extends { id: number; organizationId: number | null }>(rows: R[], organizationId: number): Promise<R[]> => {
    const unrouted = rows.filter((r) => r.organizationId === null).map((r) => r.id);
    if (unrouted.length === 0) return rows;
    const { n } = await app.ctx.db
      .selectFrom('organizations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(n) === 1) return rows;
    const bodies = await app.ctx.db.selectFrom('webhook_events').select(['id', 'platform', 'content_type', 'body', 'account_hint']).where('id', 'in', unrouted).execute();
    const ours = new Set<number>();
    for (const row of bodies) {
      if ((await organizationsNowRouted({ db: app.ctx.db }, row)).includes(organizationId)) ours.add(row.id);
    }
    return rows.filter((r) => r.organizationId !== null || ours.has(r.id));
  };

  app.get(
    '/',
    { schema: { tags: ['webhook journal'], summary: 'Journal entries needing attention (admins only)', querystring: JournalQuery, response: withErrors({ 200: JournalList }) } },
    async (req) => {
      requireAdmin(req);
      const rows = await listJournal(app.ctx.db, { states: req.query.state, organizationId: req.principal.organizationId, limit: req.query.limit, beforeId: req.query.before });
      return { events: await withoutOthersUnrouted(rows, req.principal.organizationId) };
    },
  );

  /** Replay one row the caller may replay (their organisation's, or unrouted and not another's); null if they may not. */
  const replayFor = async (req: FastifyRequest, id: number) => {
    const row = await app.ctx.db.selectFrom('webhook_events').select(['id', 'organization_id', 'platform', 'content_type', 'body', 'account_hint']).where('id', '=', id).executeTakeFirst();
    if (!row || (row.organization_id !== null && row.organization_id !== req.principal.organizationId)) return null;
    // An unrouted row whose account another organisation has connected since is that one's now.
    if (row.organization_id === null) {
      const owners = await organizationsNowRouted({ db: app.ctx.db }, row);
      if (owners.some((o) => o !== req.principal.organizationId)) return null;
    }
    const outcome = await replayWebhook({ db: app.ctx.db }, row.id);
    await recordAudit(
      app.ctx.db,
      {
        organizationId: req.principal.organizationId,
        action: 'journal.replayed',
        actorUserId: req.principal.userId,
        ip: req.ip,
        details: { webhookEventId: row.id, platform: row.platform, outcome: outcome.state },
      },
      (err) => req.log.error({ err }, 'could not write the audit log'),
    );
    if ('mediaToFetch' in outcome && outcome.mediaToFetch.length > 0) app.ctx.onMediaToFetch?.(outcome.mediaToFetch);
    return outcome;
  };

  const replaySchema = { tags: ['webhook journal'], summary: 'Apply a journaled webhook again (idempotent; admins only)', params: IdParams, response: withErrors({ 200: ReplayResult }) };
  app.post('/:id/replay', { schema: replaySchema }, async (req) => {
    requireAdmin(req);
    const outcome = await replayFor(req, req.params.id);
    if (!outcome) throw notFound('journal entry');
    return { id: req.params.id, outcome };
  });

  const replayAllSchema = {
    tags: ['webhook journal'],
    summary: 'Apply again every entry needing attention that the caller sees, oldest first, up to `limit` (admins only)',
    body: ReplayAllBody,
    response: withErrors({ 200: ReplayAllResult }),
  };
  app.post('/replay', { schema: replayAllSchema }, async (req) => {
    requireAdmin(req);
    const organizationId = req.principal.organizationId;
    // Not `received`: those are being applied right now (or at the next start).
    const rows = await listJournal(app.ctx.db, { states: ['failed', 'partial', 'unrouted'], organizationId, limit: 500 });
    const visible = (await withoutOthersUnrouted(rows, organizationId)).slice(-req.body.limit);
    const results: { id: number; state: (typeof visible)[number]['state'] }[] = [];
    // Oldest first, one at a time: each replay is its own transaction, as a platform sent them.
    for (const entry of visible.sort((x, y) => x.id - y.id)) {
      const outcome = await replayFor(req, entry.id);
      if (outcome) results.push({ id: entry.id, state: outcome.state });
    }
    return { replayed: results.length, processed: results.filter((r) => r.state === 'processed').length, results };
  });
}
