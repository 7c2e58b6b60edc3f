import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { webhookAdapters } from '../../channels/index.ts';
import { notFound } from '../../core/errors/app-error.ts';
import { listJournal } from '../../core/ingest/journal.ts';
import { organizationsNowRouted, replayWebhook } from '../../core/ingest/recover-journal.ts';
import { requireAdmin } from '../plugins/authenticate.ts';

const States = z
  .string()
  .default('failed,partial,unrouted,received')
  .transform((s) => s.split(',').map((x) => x.trim()))
  .pipe(z.array(z.enum(['received', 'processed', 'partial', 'failed', 'unrouted'])));

/**
 * The raw webhook journal for admins: what failed, what no channel claimed, and a replay once the
 * cause is fixed (e.g. the account is now connected). An admin sees their organisation's entries
 * and the unrouted ones, which belong to no organisation yet.
 */
export async function journalRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/',
    { schema: { tags: ['webhook journal'], summary: 'Journal entries needing attention (admins only)', querystring: z.object({ state: States, limit: z.coerce.number().int().min(1).max(500).optional(), before: z.coerce.number().int().optional() }) } },
    async (req) => {
      requireAdmin(req);
      return { events: await listJournal(app.ctx.db, { states: req.query.state, organizationId: req.principal.organizationId, limit: req.query.limit, beforeId: req.query.before }) };
    },
  );

  app.post('/:id/replay', { schema: { tags: ['webhook journal'], summary: 'Apply a journaled webhook again (idempotent; admins only)', params: z.object({ id: z.coerce.number().int().positive() }) } }, async (req) => {
    requireAdmin(req);
    const row = await app.ctx.db.selectFrom('webhook_events').select(['id', 'organization_id', 'platform', 'content_type', 'body']).where('id', '=', req.params.id).executeTakeFirst();
    if (!row || (row.organization_id !== null && row.organization_id !== req.principal.organizationId)) throw notFound('journal entry');
    // An unrouted row whose account another organisation has connected since is that one's now.
    if (row.organization_id === null) {
      const owners = await organizationsNowRouted({ db: app.ctx.db, adapters: webhookAdapters }, row);
      if (owners.some((o) => o !== req.principal.organizationId)) throw notFound('journal entry');
    }
    const outcome = await replayWebhook({ db: app.ctx.db, adapters: webhookAdapters }, row.id);
    if ('mediaToFetch' in outcome && outcome.mediaToFetch.length > 0) app.ctx.onMediaToFetch?.(outcome.mediaToFetch);
    return { id: row.id, outcome };
  });
}
