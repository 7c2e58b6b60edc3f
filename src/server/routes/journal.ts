import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams } from '../../contract/common.ts';
import { withErrors } from '../../contract/errors.ts';
import { JOURNAL_BODY_SHOWN, JournalList, JournalQuery, OneJournalEntry, ReplayAllBody, ReplayAllResult, ReplayResult } from '../../contract/journal.ts';
import { recordAudit } from '../../core/audit/record-audit.ts';
import { notFound } from '../../core/errors/app-error.ts';
import { listJournal } from '../../core/ingest/journal.ts';
import { replayWebhook } from '../../core/ingest/recover-journal.ts';
import { journalVisibility } from './journal-visibility.ts';
import { requireAdmin } from '../plugins/authenticate.ts';

/**
 * The raw webhook journal for admins: what failed, what no channel claimed, and a replay once the
 * cause is fixed (e.g. the account is now connected). An admin sees their organisation's entries
 * and the unrouted ones that may be theirs (journal-visibility.ts).
 */
export async function journalRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();

  const { withoutOthersUnrouted, rowFor: visibleRow } = journalVisibility(app.ctx.db);
  const rowFor = (req: FastifyRequest, id: number) => visibleRow(id, req.principal.organizationId);

  app.get(
    '/',
    { schema: { tags: ['webhook journal'], summary: 'Journal entries needing attention (admins only)', querystring: JournalQuery, response: withErrors({ 200: JournalList }) } },
    async (req) => {
      requireAdmin(req);
      const rows = await listJournal(app.ctx.db, {
        states: req.query.state,
        platform: req.query.platform,
        organizationId: req.principal.organizationId,
        limit: req.query.limit,
        beforeId: req.query.before,
      });
      return { events: await withoutOthersUnrouted(rows, req.principal.organizationId) };
    },
  );

  const oneSchema = { tags: ['webhook journal'], summary: 'One journal entry with its body as text (admins only)', params: IdParams, response: withErrors({ 200: OneJournalEntry }) };
  app.get('/:id', { schema: oneSchema }, async (req) => {
    requireAdmin(req);
    const row = await rowFor(req, req.params.id);
    if (!row) throw notFound('journal entry');
    const entry = await app.ctx.db
      .selectFrom('webhook_events')
      .select(['id', 'platform', 'received_at as receivedAt', 'state', 'organization_id as organizationId', 'error', 'attempts', 'processed_at as processedAt', 'content_type as contentType'])
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    // Decoded leniently: a body that is not UTF-8 still shows, with replacement characters.
    const body = row.body.subarray(0, JOURNAL_BODY_SHOWN).toString('utf8');
    return { event: { ...entry, body, bodyTruncated: row.body.length > JOURNAL_BODY_SHOWN } };
  });

  /** Replay one row the caller may replay; null if they may not. */
  const replayFor = async (req: FastifyRequest, id: number) => {
    const row = await rowFor(req, id);
    if (!row) return null;
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
