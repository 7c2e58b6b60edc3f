import { z } from 'zod';
import { ConversationListQuery, PrioritySchema } from './conversations.ts';
import { schemaText } from './server-texts.ts';

/** The most ids one request may name; a larger set is a filter's. */
export const BULK_MAX_IDS = 5000;

/**
 * "Everything matching this filter": the list's own parameters (GET /api/v1/conversations, the
 * same names and values, applied by the same query), without paging. `unread` may be a JSON
 * boolean too. Strict: an unknown (misspelt) key would otherwise widen the action to every
 * conversation.
 */
export const BulkFilterSchema = ConversationListQuery.omit({ limit: true, cursor: true, sort: true })
  .extend({
    unread: z.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'unanswered']).transform((v) => (v === 'unanswered' ? v : v === 'true' || v === '1'))]).optional(),
    waiting: z.union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')]).optional(),
  })
  .strict();
export type BulkFilter = z.infer<typeof BulkFilterSchema>;

/** Which conversations: the ids of a selection, or a filter (exactly one of the two). */
const Target = {
  ids: z
    .array(
      z
        .number()
        .int()
        .positive()
        .max(2 ** 53),
    )
    .max(BULK_MAX_IDS)
    .optional(),
  filter: BulkFilterSchema.optional(),
};
const Label = z.string().min(1).max(50);

/** What to do to each of them, with what the action needs. */
export const BulkRequestSchema = z
  .discriminatedUnion('action', [
    z.object({ action: z.literal('mark_read'), ...Target }).strict(),
    z.object({ action: z.literal('mark_unread'), ...Target }).strict(),
    z.object({ action: z.literal('resolve'), ...Target }).strict(),
    z.object({ action: z.literal('reopen'), ...Target }).strict(),
    z.object({ action: z.literal('snooze'), snoozedUntil: z.iso.datetime({ offset: true }), ...Target }).strict(),
    z
      .object({
        action: z.literal('assign'),
        assigneeId: z
          .number()
          .int()
          .positive()
          .max(2 ** 53)
          .nullable(),
        ...Target,
      })
      .strict(),
    z.object({ action: z.literal('label'), label: Label, ...Target }).strict(),
    z.object({ action: z.literal('unlabel'), label: Label, ...Target }).strict(),
    z.object({ action: z.literal('set_priority'), priority: PrioritySchema, ...Target }).strict(),
  ])
  .superRefine((body, ctx) => {
    if ((body.ids === undefined) === (body.filter === undefined)) ctx.addIssue({ code: 'custom', path: ['ids'], message: schemaText('schema.idsOrFilter') });
  });
export type BulkRequest = z.infer<typeof BulkRequestSchema>;
export type BulkActionName = BulkRequest['action'];

/** How many conversations the action changed (those already so are not counted). */
export const BulkResultSchema = z.object({ changed: z.number().int().min(0) });
export type BulkResult = z.infer<typeof BulkResultSchema>;
/** The request as a client writes it (the web app's selection bar). */
export type BulkRequestInput = z.input<typeof BulkRequestSchema>;
