import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { BulkRequestSchema, BulkResultSchema, type BulkRequest } from '../../contract/conversation-bulk.ts';
import { withErrors } from '../../contract/errors.ts';
import { recordAudit } from '../../core/audit/record-audit.ts';
import { bulkUpdateConversations, type BulkAction } from '../../core/conversations/bulk-update-conversations.ts';
import { resolveLabelNames } from '../../core/labels/resolve-label-names.ts';
import { listFilterOf } from './messages.ts';

/** The action of a request, its moments as dates. */
function bulkActionOf(body: BulkRequest): BulkAction {
  switch (body.action) {
    case 'snooze':
      return { action: 'snooze', snoozedUntil: new Date(body.snoozedUntil) };
    case 'assign':
      return { action: 'assign', assigneeId: body.assigneeId };
    case 'label':
    case 'unlabel':
      return { action: body.action, label: body.label };
    case 'set_priority':
      return { action: 'set_priority', priority: body.priority };
    default:
      return { action: body.action };
  }
}

/** POST /api/v1/conversations/bulk: one action over a selection or over everything a filter matches. */
export async function conversationBulkRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/bulk',
    {
      schema: {
        tags: ['conversations'],
        summary:
          'Mark read or unread, resolve, reopen, snooze, assign, label, unlabel or set the priority of the conversations named by `ids` or matching `filter` (the list’s parameters), 500 per transaction, each change pushed live; answers how many changed. Ids of another organisation change nothing.',
        body: BulkRequestSchema,
        response: withErrors({ 200: BulkResultSchema }),
      },
    },
    async (req) => {
      const b = req.body;
      const target = b.ids ? { ids: b.ids } : { filter: listFilterOf(b.filter ?? {}) };
      const action = bulkActionOf(b);
      // As the organisation spells its labels; only admins add new ones (src/core/labels).
      if (action.action === 'label' || action.action === 'unlabel') {
        const [label] = await resolveLabelNames(app.ctx.db, req.principal.organizationId, [action.label], { mayCreate: action.action === 'unlabel' || req.principal.role === 'admin' });
        if (label) action.label = label;
      }
      const result = await bulkUpdateConversations(app.ctx.db, req.principal, target, action);
      if (result.changed > 0) {
        await recordAudit(
          app.ctx.db,
          {
            organizationId: req.principal.organizationId,
            action: 'conversations.bulk-updated',
            actorUserId: req.principal.userId,
            ip: req.ip,
            details: { action: b.action, changed: result.changed, ...(b.ids ? { ids: b.ids.length } : { filter: b.filter }) },
          },
          (err) => req.log.error({ err }, 'could not write the audit log'),
        );
      }
      return result;
    },
  );
}
