import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { withErrors } from '../../contract/errors.ts';
import { SearchPageSchema, SearchQuery } from '../../contract/search.ts';
import { search } from '../../core/search/search.ts';

export async function searchRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/',
    {
      schema: {
        tags: ['search'],
        summary: 'Full-text search over every message ever stored, and people by name, username or phone',
        querystring: SearchQuery,
        response: withErrors({ 200: SearchPageSchema }),
      },
    },
    async (req) => search(app.ctx.db, req.principal.organizationId, req.query.q, { limit: req.query.limit, cursor: req.query.cursor, platform: req.query.platform }),
  );
}
