import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams } from '../../contract/common.ts';
import { ConversationChange, ConversationFieldsResult, ConversationListQuery, ConversationPageSchema, OneConversation } from '../../contract/conversations.ts';
import { withErrors } from '../../contract/errors.ts';
import { getConversation } from '../../core/conversations/get-conversation.ts';
import { listConversations } from '../../core/conversations/list-conversations.ts';
import { updateConversation } from '../../core/conversations/update-conversation.ts';
import { resolveLabelNames } from '../../core/labels/resolve-label-names.ts';
import { listFilterOf } from './messages.ts';

export async function conversationRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/',
    {
      schema: {
        tags: ['conversations'],
        summary: 'The inbox list (same as GET /api/messages without conversationId)',
        querystring: ConversationListQuery,
        response: withErrors({ 200: ConversationPageSchema }),
      },
    },
    async (req) => listConversations(app.ctx.db, req.principal, listFilterOf(req.query)),
  );

  app.get(
    '/:id',
    { schema: { tags: ['conversations'], summary: 'One conversation, its reply window and the contact’s identities', params: IdParams, response: withErrors({ 200: OneConversation }) } },
    async (req) => ({
      // Another organisation's conversation is "not found", never "forbidden": ids reveal nothing.
      conversation: await getConversation(app.ctx.db, req.principal, req.params.id),
    }),
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['conversations'],
        summary: 'Assign, change status, snooze, prioritise or label a conversation',
        params: IdParams,
        body: ConversationChange,
        response: withErrors({ 200: ConversationFieldsResult }),
      },
    },
    async (req) => {
      const b = req.body;
      // As the organisation spells its labels; only admins add new ones (src/core/labels).
      const labels = b.labels && (await resolveLabelNames(app.ctx.db, req.principal.organizationId, b.labels, { mayCreate: req.principal.role === 'admin' }));
      return {
        conversation: await updateConversation(
          app.ctx.db,
          req.principal.organizationId,
          req.params.id,
          {
            ...b,
            ...(labels && { labels }),
            snoozedUntil: b.snoozedUntil === undefined ? undefined : b.snoozedUntil === null ? null : new Date(b.snoozedUntil),
          },
          req.principal.userId,
        ),
      };
    },
  );
}
