import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../core/errors/app-error.ts';
import { syncOrganization } from '../../core/sync/sync-all.ts';
import { withErrors } from '../../contract/errors.ts';
import { SyncReportSchema } from '../../contract/sync.ts';

/**
 * `POST /api/messages/sync` (DESIGN.md's contract): pull what each connected channel's history
 * API offers and store what is missing, now, for the caller's organisation. Any signed-in user
 * may ask; a channel the platform asked to wait is reported as deferred, not called.
 */
export async function syncRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/messages/sync',
    {
      schema: {
        tags: ['messages'],
        summary: 'Pull the platforms’ message history into snorq (all connected channels); reports per channel what was fetched, added and failed',
        response: withErrors({ 200: SyncReportSchema }),
      },
      // Each pass costs platform calls (Messenger/Instagram allow 2 per second per Page, FACTS
      // 2.7): 30 passes a minute per organisation is far more than a person clicking needs.
      config: {
        rateLimit: {
          max: 30,
          timeWindow: '1 minute',
          keyGenerator: (req) => `sync|${req.principal.organizationId}`,
          errorResponseBuilder: (_req, ctx) => new AppError('RATE_LIMITED', `too many syncs; try again in ${Math.ceil(ctx.ttl / 1000)} s`, { retryAfterSeconds: Math.ceil(ctx.ttl / 1000) }),
        },
      },
    },
    async (req) => {
      const { db, config, secretBox, onMediaToFetch } = app.ctx;
      return syncOrganization({ db, config, secretBox, log: req.log, ...(onMediaToFetch && { onMediaToFetch }) }, req.principal.organizationId);
    },
  );
}
