import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, notFound } from '../../core/errors/app-error.ts';
import { inboxMetrics } from '../../core/metrics/inbox-metrics.ts';

const Canned = z.object({ shortcut: z.string().regex(/^[a-z0-9_-]{1,40}$/, 'lowercase letters, digits, - and _; at most 40'), content: z.string().min(1).max(4000) });

/** What the team shares: canned responses and the dashboard's metrics. */
export async function teamRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();

  app.get('/metrics', { schema: { tags: ['metrics'], summary: 'Volume per platform per day, response times, waiting conversations', querystring: z.object({ days: z.coerce.number().int().min(1).max(365).default(14) }) } }, async (req) =>
    inboxMetrics(app.ctx.db, req.principal.organizationId, req.query.days),
  );

  app.get('/canned-responses', { schema: { tags: ['canned responses'], summary: 'The team’s canned responses' } }, async (req) => ({
    cannedResponses: await app.ctx.db.selectFrom('canned_responses').select(['id', 'shortcut', 'content']).where('organization_id', '=', req.principal.organizationId).orderBy('shortcut').execute(),
  }));

  app.post('/canned-responses', { schema: { tags: ['canned responses'], summary: 'Add a canned response', body: Canned } }, async (req, reply) => {
    const row = await app.ctx.db
      .insertInto('canned_responses')
      .values({ organization_id: req.principal.organizationId, shortcut: req.body.shortcut, content: req.body.content, created_by: req.principal.userId })
      .onConflict((oc) => oc.columns(['organization_id', 'shortcut']).doNothing())
      .returning(['id', 'shortcut', 'content'])
      .executeTakeFirst();
    if (!row) throw new AppError('CONFLICT', `/${req.body.shortcut} already exists`);
    return reply.status(201).send({ cannedResponse: row });
  });

  app.delete('/canned-responses/:id', { schema: { tags: ['canned responses'], summary: 'Remove a canned response', params: z.object({ id: z.coerce.number().int().positive() }) } }, async (req) => {
    const res = await app.ctx.db.deleteFrom('canned_responses').where('id', '=', req.params.id).where('organization_id', '=', req.principal.organizationId).executeTakeFirst();
    if (res.numDeletedRows === 0n) throw notFound('canned response');
    return { ok: true };
  });
}
