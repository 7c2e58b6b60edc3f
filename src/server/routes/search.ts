import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { search } from '../../core/search/search.ts';

export async function searchRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/',
    {
      schema: {
        tags: ['search'],
        summary: 'Full-text search over every message ever stored, and people by name, username or phone',
        querystring: z.object({
          q: z.string().min(1).max(200),
          limit: z.coerce.number().int().min(1).max(50).optional(),
          cursor: z.string().max(100).optional(),
          platform: z.enum(['messenger', 'instagram', 'whatsapp', 'twilio', 'tiktok']).optional(),
        }),
      },
    },
    async (req) => search(app.ctx.db, req.principal.organizationId, req.query.q, { limit: req.query.limit, cursor: req.query.cursor, platform: req.query.platform }),
  );
}
