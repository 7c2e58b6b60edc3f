import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams } from '../../contract/common.ts';
import { withErrors } from '../../contract/errors.ts';
import { SuggestionsResultSchema } from '../../contract/suggestions.ts';
import { notFound } from '../../core/errors/app-error.ts';
import { suggestReplies } from '../../core/suggestions/suggest-replies.ts';

export async function suggestionRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/:id/suggestions',
    {
      schema: {
        tags: ['conversations'],
        summary: 'Reply suggestions from how the team answered similar messages, and matching canned responses (nothing is sent)',
        params: IdParams,
        response: withErrors({ 200: SuggestionsResultSchema }),
      },
    },
    async (req) => {
      const { organizationId } = req.principal;
      const conversation = await app.ctx.db.selectFrom('conversations').select('id').where('id', '=', req.params.id).where('organization_id', '=', organizationId).executeTakeFirst();
      // Another organisation's conversation is "not found", never "forbidden".
      if (!conversation) throw notFound('conversation');
      return suggestReplies(app.ctx.db, organizationId, conversation.id);
    },
  );
}
