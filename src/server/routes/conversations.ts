import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../core/errors/app-error.ts';

export async function conversationRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/:id',
    { schema: { tags: ['conversations'], summary: 'One conversation of the caller’s organisation', params: z.object({ id: z.coerce.number().int().positive() }) } },
    async (req) => {
      const conversation = await app.ctx.db
        .selectFrom('conversations')
        .selectAll()
        .where('id', '=', req.params.id)
        .where('organization_id', '=', req.principal.organizationId)
        .executeTakeFirst();
      // Another organisation's conversation is "not found", never "forbidden": ids reveal nothing.
      if (!conversation) throw notFound('conversation');
      return { conversation };
    },
  );
}
