import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CannedResponseBody, CannedResponseList, OneCannedResponse } from '../../contract/canned-responses.ts';
import { IdParams, Ok } from '../../contract/common.ts';
import { withErrors } from '../../contract/errors.ts';
import { MetricsQuery, MetricsSchema } from '../../contract/metrics.ts';
import { AppError, notFound } from '../../core/errors/app-error.ts';
import { inboxMetrics } from '../../core/metrics/inbox-metrics.ts';

/** What the team shares: canned responses and the dashboard's metrics. */
export async function teamRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/metrics',
    { schema: { tags: ['metrics'], summary: 'Volume per platform per day, response times, waiting conversations', querystring: MetricsQuery, response: withErrors({ 200: MetricsSchema }) } },
    async (req) => inboxMetrics(app.ctx.db, req.principal.organizationId, req.query.days),
  );

  app.get('/canned-responses', { schema: { tags: ['canned responses'], summary: 'The team’s canned responses', response: withErrors({ 200: CannedResponseList }) } }, async (req) => ({
    cannedResponses: await app.ctx.db.selectFrom('canned_responses').select(['id', 'shortcut', 'content']).where('organization_id', '=', req.principal.organizationId).orderBy('shortcut').execute(),
  }));

  app.post(
    '/canned-responses',
    { schema: { tags: ['canned responses'], summary: 'Add a canned response', body: CannedResponseBody, response: withErrors({ 201: OneCannedResponse }) } },
    async (req, reply) => {
      const row = await app.ctx.db
        .insertInto('canned_responses')
        .values({ organization_id: req.principal.organizationId, shortcut: req.body.shortcut, content: req.body.content, created_by: req.principal.userId })
        .onConflict((oc) => oc.columns(['organization_id', 'shortcut']).doNothing())
        .returning(['id', 'shortcut', 'content'])
        .executeTakeFirst();
      if (!row) throw new AppError('CONFLICT', `/${req.body.shortcut} already exists`);
      return reply.status(201).send({ cannedResponse: row });
    },
  );

  app.delete('/canned-responses/:id', { schema: { tags: ['canned responses'], summary: 'Remove a canned response', params: IdParams, response: withErrors({ 200: Ok }) } }, async (req) => {
    const res = await app.ctx.db.deleteFrom('canned_responses').where('id', '=', req.params.id).where('organization_id', '=', req.principal.organizationId).executeTakeFirst();
    if (res.numDeletedRows === 0n) throw notFound('canned response');
    return { ok: true as const };
  });
}
