import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { withErrors } from '../../contract/errors.ts';
import { MetricsQuery, MetricsSchema } from '../../contract/metrics.ts';
import { resolveRange } from '../../core/metrics/date-range.ts';
import { inboxMetrics } from '../../core/metrics/inbox-metrics.ts';

/** The dashboard's figures over a range of days in the organisation's time zone. */
export async function metricsRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/metrics',
    {
      schema: {
        tags: ['metrics'],
        summary: 'Volume, response times and breakdowns per agent, label and channel over a range of days; waiting conversations now',
        querystring: MetricsQuery,
        response: withErrors({ 200: MetricsSchema }),
      },
    },
    async (req) => {
      const organizationId = req.principal.organizationId;
      return inboxMetrics(app.ctx.db, organizationId, await resolveRange(app.ctx.db, organizationId, req.query));
    },
  );
}
