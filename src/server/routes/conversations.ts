import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getConversation } from '../../core/conversations/get-conversation.ts';
import { listConversations } from '../../core/conversations/list-conversations.ts';
import { updateConversation } from '../../core/conversations/update-conversation.ts';
import { ListQuery, listFilterOf } from './messages.ts';

const Params = z.object({ id: z.coerce.number().int().positive() });

export async function conversationRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();

  app.get('/', { schema: { tags: ['conversations'], summary: 'The inbox list (same as GET /api/messages without conversationId)', querystring: ListQuery.omit({ conversationId: true, before: true }) } }, async (req) => {
    return listConversations(app.ctx.db, req.principal, listFilterOf(req.query));
  });

  app.get('/:id', { schema: { tags: ['conversations'], summary: 'One conversation, its reply window and the contact’s identities', params: Params } }, async (req) => ({
    // Another organisation's conversation is "not found", never "forbidden": ids reveal nothing.
    conversation: await getConversation(app.ctx.db, req.principal, req.params.id),
  }));

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['conversations'],
        summary: 'Assign, change status, snooze, prioritise or label a conversation',
        params: Params,
        body: z
          .object({
            status: z.enum(['open', 'pending', 'resolved', 'snoozed']).optional(),
            snoozedUntil: z.iso.datetime({ offset: true }).nullable().optional(),
            priority: z.enum(['low', 'normal', 'high', 'urgent']).optional(),
            assigneeId: z.number().int().positive().nullable().optional(),
            labels: z.array(z.string().min(1).max(50)).max(20).optional(),
          })
          .strict(),
      },
    },
    async (req) => {
      const b = req.body;
      return {
        conversation: await updateConversation(app.ctx.db, req.principal.organizationId, req.params.id, {
          ...b,
          snoozedUntil: b.snoozedUntil === undefined ? undefined : b.snoozedUntil === null ? null : new Date(b.snoozedUntil),
        }),
      };
    },
  );
}
