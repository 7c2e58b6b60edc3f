import { z } from 'zod';
import { Id, PlatformParam, PlatformSchema, Timestamp } from './common.ts';
import { ContactSummarySchema, IdentitySchema } from './contacts.ts';
import { ConnectionStateSchema } from './channels.ts';

export const ConversationStatusSchema = z.enum(['open', 'pending', 'resolved', 'snoozed']);
export type ConversationStatus = z.infer<typeof ConversationStatusSchema>;
export const PrioritySchema = z.enum(['low', 'normal', 'high', 'urgent']);
export type Priority = z.infer<typeof PrioritySchema>;
export const SendOptionSchema = z.enum(['text', 'media', 'human_agent_tag', 'template']);
export type SendOption = z.infer<typeof SendOptionSchema>;

/** What an agent may send in the conversation now (src/core/reply-window). */
export const ReplyWindowSchema = z.object({
  /** Free text and media may be sent now (without a tag). */
  open: z.boolean(),
  /** When the free window closes (null when it never opened). */
  closesAt: Timestamp.nullable(),
  /** What can be sent now; empty when nothing can. */
  allowed: z.array(SendOptionSchema),
  /** Until when the HUMAN_AGENT tag still works, where the platform has one. */
  humanAgentUntil: Timestamp.nullable().optional(),
  /** Messages left in this window, where the platform counts them. */
  remainingMessages: z.number().optional(),
  /** A sentence for the agent when something is restricted. */
  reason: z.string().optional(),
});
export type ReplyWindow = z.infer<typeof ReplyWindowSchema>;

/**
 * The SLA clock of the customer's current wait (src/core/sla): when the response is due, from when
 * it counts as at risk, and when snorq announced the breach. Null when no target applies, nobody
 * waits, or the conversation is resolved or snoozed.
 */
export const SlaClockSchema = z.object({
  /** first: nobody has answered yet; next: a later wait. */
  kind: z.enum(['first', 'next']),
  warnAt: Timestamp,
  dueAt: Timestamp,
  breachedAt: Timestamp.nullable(),
});
export type SlaClock = z.infer<typeof SlaClockSchema>;

/** A row of the inbox list. */
export const ConversationSummarySchema = z.object({
  id: z.number(),
  platform: PlatformSchema,
  channel: z.object({ id: z.number(), name: z.string(), platform: PlatformSchema, connectionState: ConnectionStateSchema }),
  contact: ContactSummarySchema,
  preview: z.string().nullable(),
  lastMessageAt: Timestamp.nullable(),
  unreadCount: z.number(),
  status: ConversationStatusSchema,
  snoozedUntil: Timestamp.nullable(),
  priority: PrioritySchema,
  labels: z.array(z.string()),
  assignee: z.object({ id: z.number(), name: z.string().nullable() }).nullable(),
  waitingSince: Timestamp.nullable(),
  sla: SlaClockSchema.nullable(),
  replyWindow: ReplyWindowSchema,
  /**
   * Who wrote the message the preview shows: the customer, an agent (by id and name, so the list
   * can say "You:" or "Ana:"), an automation, or the business from the platform's own app.
   */
  lastSender: z
    .object({
      kind: z.enum(['customer', 'agent', 'automation', 'platform_app']),
      userId: z.number().nullable(),
      name: z.string().nullable(),
    })
    .nullable(),
});
export type ConversationSummary = z.infer<typeof ConversationSummarySchema>;

/** One page of the inbox list; `nextCursor` fetches the next (older) page. */
export const ConversationPageSchema = z.object({ conversations: z.array(ConversationSummarySchema), nextCursor: z.string().nullable() });
export type ConversationPage = z.infer<typeof ConversationPageSchema>;

/** One conversation for the thread view: the exact reply window and every identity of the contact. */
export const ConversationDetailSchema = ConversationSummarySchema.extend({ identities: z.array(IdentitySchema) });
export type ConversationDetail = z.infer<typeof ConversationDetailSchema>;

/** The conversation's own fields, as PATCH and mark-read answer and the live events carry them. */
export const ConversationFieldsSchema = z.object({
  id: z.number(),
  channelId: z.number(),
  contactId: z.number(),
  contactIdentityId: z.number(),
  status: ConversationStatusSchema,
  snoozedUntil: Timestamp.nullable(),
  priority: PrioritySchema,
  assigneeId: z.number().nullable(),
  labels: z.array(z.string()),
  unreadCount: z.number(),
  preview: z.string().nullable(),
  lastMessageAt: Timestamp.nullable(),
  lastInboundAt: Timestamp.nullable(),
  waitingSince: Timestamp.nullable(),
  sla: SlaClockSchema.nullable(),
});
export type ConversationFields = z.infer<typeof ConversationFieldsSchema>;

export const ConversationSortSchema = z.enum(['recent', 'waiting', 'priority', 'sla']);
export type ConversationSort = z.infer<typeof ConversationSortSchema>;

/** The list's filters (GET /api/messages and GET /api/v1/conversations). */
export const InboxQuery = z.object({
  conversationId: Id.optional(),
  platform: PlatformParam.optional(),
  channelId: Id.optional(),
  status: ConversationStatusSchema.optional(),
  assignee: z.union([z.enum(['me', 'unassigned']), Id]).optional(),
  /** Unread only; `unanswered`: unread or waiting for an answer (the agent's choice of "unread"). */
  unread: z
    .enum(['true', 'false', '1', '0', 'unanswered'])
    .transform((v) => (v === 'unanswered' ? v : v === 'true' || v === '1'))
    .optional(),
  /** Only conversations whose customer waits for an answer (the "waiting for us" view). */
  waiting: z
    .enum(['true', 'false', '1', '0'])
    .transform((v) => v === 'true' || v === '1')
    .optional(),
  label: z.string().max(100).optional(),
  /** Only conversations whose SLA clock is past its warning time and not yet due (at_risk) or past due (breached). */
  sla: z.enum(['at_risk', 'breached']).optional(),
  /** Conversations started (created) on or after this day, in the organisation's time zone (the dashboard's range). */
  createdFrom: z.iso.date('a date like 2026-12-01').optional(),
  /** Conversations started on or before this day (included), in the organisation's time zone. */
  createdTo: z.iso.date('a date like 2026-12-01').optional(),
  /** recent (default): newest activity first; waiting: longest-waiting customer first; priority: urgent first; sla: nearest SLA due time first (src/core/sla). */
  sort: ConversationSortSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().max(200).optional(),
  before: z.string().max(200).optional(),
});
export const ConversationListQuery = InboxQuery.omit({ conversationId: true, before: true });

export const ConversationChange = z
  .object({
    status: ConversationStatusSchema.optional(),
    snoozedUntil: z.iso
      .datetime({ offset: true })
      .nullable()
      .optional()
      .describe('With status "snoozed": until when (a time to come), or null for until the customer writes again (their next message reopens it)'),
    priority: PrioritySchema.optional(),
    assigneeId: z.number().int().positive().nullable().optional(),
    labels: z.array(z.string().min(1).max(50)).max(20).optional(),
  })
  .strict();

export const OneConversation = z.object({ conversation: ConversationDetailSchema });
export const ConversationFieldsResult = z.object({ conversation: ConversationFieldsSchema });
