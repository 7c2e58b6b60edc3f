import type { z } from 'zod';
import type { ConversationFields, ConversationSummary, ReplyWindow, SlaClock } from '../../contract/conversations.ts';
import {
  CardSchema,
  ForwardedFromSchema,
  LocationSchema,
  MessageAutomationSchema,
  OrderSchema,
  SentTemplateSchema,
  SystemNoticeSchema,
  type Message as MessageDto,
  type MessageAutomation,
  type ForwardedFrom,
} from '../../contract/messages.ts';
import type { ConnectionState, Conversation, ConversationStatus, Direction, Message, Platform, Priority } from '../../db/schema.ts';
import { replyWindow, type ReplyWindow as ReplyWindowAt } from '../reply-window/reply-window.ts';
import { messagePreview } from './message-preview.ts';
import { InteractiveContentSchema } from '../../contract/interactive.ts';
import { ThreadTextSchema, type ThreadText } from '../../contract/thread-texts.ts';
import type { InteractiveContent } from '../../text/interactive-limits.ts';

/**
 * The JSON shapes the API and the real-time events share, typed by the API contract
 * (src/contract), so the server cannot drift from the schemas it serialises with. One mapping,
 * so a message pushed over the socket looks exactly like the same message fetched with
 * GET /api/messages.
 */
export type { MessageDto };

/**
 * A fact a platform's normaliser kept in `metadata`, in the contract's shape, or null when absent
 * or of another shape (rows written before the shape was fixed): one odd row must not fail a thread.
 */
function metadataOf<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> | null {
  if (value === undefined || value === null) return null;
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function messageDto(m: Omit<Message, 'raw' | 'search_vector'>): MessageDto {
  return {
    id: m.id,
    conversationId: m.conversation_id,
    channelId: m.channel_id,
    direction: m.direction,
    content: m.content,
    contentType: m.content_type,
    media: m.media.map((item, index) => ({
      index,
      type: item.type,
      mimeType: item.mimeType ?? null,
      filename: item.filename ?? null,
      caption: item.caption ?? null,
      size: item.size ?? null,
      durationSeconds: item.durationSeconds ?? null,
      state: item.state ?? (item.storageKey ? 'stored' : 'pending'),
      error: item.error ?? null,
      // served to signed-in users of the organisation (src/server/routes/media.ts)
      url: item.storageKey ? `/api/v1/messages/${m.id}/media/${index}` : null,
    })),
    location: metadataOf(LocationSchema, m.metadata.location),
    share: recordOrNull(m.metadata.share),
    contacts: Array.isArray(m.metadata.contacts) ? (m.metadata.contacts as unknown[]) : null,
    template: metadataOf(SentTemplateSchema, m.metadata.template),
    order: metadataOf(OrderSchema, m.metadata.order),
    card: metadataOf(CardSchema, m.metadata.card),
    system: metadataOf(SystemNoticeSchema, m.metadata.system),
    status: m.status,
    errorCode: m.error_code,
    errorReason: m.error_reason,
    errorDetail: m.error_detail,
    externalId: m.external_id,
    replyToMessageId: m.reply_to_message_id,
    replyToExternalId: m.reply_to_external_id,
    reactions: m.reactions,
    referral: recordOrNull(m.referral),
    timestamp: m.platform_timestamp.toISOString(),
    senderUserId: m.sender_user_id,
    isEcho: m.is_echo,
    isPrivateNote: m.is_private_note,
    editedAt: m.edited_at?.toISOString() ?? null,
    deletedAt: m.deleted_at?.toISOString() ?? null,
    preview: messagePreview(m),
    ...(m.is_private_note && mentionsOf(m.metadata.mentions)),
    ...automationOf(m.metadata.automation),
    ...contentTextOf(m.metadata.contentText),
    ...forwardedFromOf(m.metadata.forwardedFrom),
    ...interactiveOf(m.metadata.interactive),
  };
}

/** The choices an agent's reply offered (queue-reply.ts keeps them in its metadata). */
function interactiveOf(value: unknown): { interactive: InteractiveContent } | undefined {
  const parsed = InteractiveContentSchema.safeParse(value);
  return parsed.success ? { interactive: parsed.data } : undefined;
}

/** The feature that sent an automatic message (queue-reply.ts keeps it in its metadata). */
function automationOf(value: unknown): { automation: MessageAutomation } | undefined {
  const parsed = MessageAutomationSchema.safeParse(value);
  return parsed.success ? { automation: parsed.data } : undefined;
}

/** A line snorq wrote in the thread as a code (activity-line.ts and automation keep it in its metadata). */
function contentTextOf(value: unknown): { contentText: ThreadText } | undefined {
  const parsed = ThreadTextSchema.safeParse(value);
  return parsed.success ? { contentText: parsed.data } : undefined;
}

/** Where a forwarded message came from (forward-messages.ts keeps it in its metadata). */
function forwardedFromOf(value: unknown): { forwardedFrom: ForwardedFrom } | undefined {
  const parsed = ForwardedFromSchema.safeParse(value);
  return parsed.success ? { forwardedFrom: parsed.data } : undefined;
}

/** A note's mentioned user ids (queue-reply.ts keeps them in its metadata). */
function mentionsOf(value: unknown): { mentions: number[] } | undefined {
  return Array.isArray(value) && value.length > 0 && value.every((v) => Number.isInteger(v)) ? { mentions: value as number[] } : undefined;
}

/** A JSON object kept as the platform sent it (a shared post, a referral), or null. */
function recordOrNull(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** The conversation's own fields (lists add contact, channel and reply window). */
export function conversationFieldsDto(c: Conversation): ConversationFields {
  return {
    id: c.id,
    channelId: c.channel_id,
    contactId: c.contact_id,
    contactIdentityId: c.contact_identity_id,
    status: c.status,
    snoozedUntil: c.snoozed_until?.toISOString() ?? null,
    priority: c.priority,
    assigneeId: c.assignee_id,
    labels: c.labels,
    unreadCount: c.unread_count,
    preview: c.last_message_preview,
    lastMessageAt: c.last_message_at?.toISOString() ?? null,
    lastInboundAt: c.last_inbound_at?.toISOString() ?? null,
    waitingSince: c.waiting_since?.toISOString() ?? null,
    sla: slaClockDto(c),
  };
}

/** The SLA columns a conversation's clock is read from (src/core/sla/sla-clocks.ts writes them). */
type SlaColumns = Pick<Conversation, 'status' | 'waiting_since' | 'sla_started_at' | 'sla_kind' | 'sla_warn_at' | 'sla_due_at' | 'sla_breached_at'>;

/**
 * The clock of the current wait, or null: a clock counts only while the conversation is open or
 * pending and measures the wait that is still on (an answered wait keeps its old columns until the
 * next pass clears them, and must not show as overdue meanwhile).
 */
export function slaClockDto(c: SlaColumns): SlaClock | null {
  if (c.status !== 'open' && c.status !== 'pending') return null;
  if (!c.waiting_since || !c.sla_started_at || c.waiting_since.getTime() !== c.sla_started_at.getTime()) return null;
  if (!c.sla_due_at || !c.sla_warn_at || !c.sla_kind) return null;
  return { kind: c.sla_kind, warnAt: c.sla_warn_at.toISOString(), dueAt: c.sla_due_at.toISOString(), breachedAt: c.sla_breached_at?.toISOString() ?? null };
}

/** One row of the inbox list as read from the database (list-conversations.ts). */
export interface ConversationSummaryRow {
  id: number;
  status: ConversationStatus;
  snoozed_until: Date | null;
  priority: Priority;
  labels: string[];
  unread_count: number;
  last_message_preview: string | null;
  last_message_at: Date | null;
  last_inbound_at: Date | null;
  waiting_since: Date | null;
  sla_started_at: Date | null;
  sla_kind: SlaColumns['sla_kind'];
  sla_warn_at: Date | null;
  sla_due_at: Date | null;
  sla_breached_at: Date | null;
  assignee_id: number | null;
  assignee_name: string | null;
  channel_id: number;
  platform: Platform;
  channel_name: string;
  connection_state: ConnectionState;
  contact_id: number;
  platform_user_id: string;
  username: string | null;
  phone: string | null;
  contact_name: string | null;
  avatar_url: string | null;
  last_direction: Direction | null;
  last_sender_id: number | null;
  last_sender_name: string | null;
  last_automatic: boolean;
}

/** Who wrote the message a list row previews (null: no message yet). */
function lastSenderDto(r: ConversationSummaryRow): ConversationSummary['lastSender'] {
  if (r.last_direction === null) return null;
  if (r.last_direction === 'inbound') return { kind: 'customer', userId: null, name: null };
  if (r.last_automatic) return { kind: 'automation', userId: null, name: null };
  if (r.last_sender_id !== null) return { kind: 'agent', userId: r.last_sender_id, name: r.last_sender_name };
  return { kind: 'platform_app', userId: null, name: null };
}

/** A conversation as the inbox list shows it, with the reply window at `now`. */
export function conversationSummaryDto(r: ConversationSummaryRow, now: Date): ConversationSummary {
  return {
    id: r.id,
    platform: r.platform,
    channel: { id: r.channel_id, name: r.channel_name, platform: r.platform, connectionState: r.connection_state },
    contact: { id: r.contact_id, name: r.contact_name, avatarUrl: r.avatar_url, username: r.username, phone: r.phone, platformUserId: r.platform_user_id },
    preview: r.last_message_preview,
    lastMessageAt: r.last_message_at?.toISOString() ?? null,
    unreadCount: r.unread_count,
    status: r.status,
    snoozedUntil: r.snoozed_until?.toISOString() ?? null,
    priority: r.priority,
    labels: r.labels,
    assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name } : null,
    waitingSince: r.waiting_since?.toISOString() ?? null,
    sla: slaClockDto(r),
    replyWindow: replyWindowDto(replyWindow(r.platform, r.last_inbound_at, now)),
    lastSender: lastSenderDto(r),
  };
}

/** The reply window with its moments as ISO strings. */
export function replyWindowDto(w: ReplyWindowAt): ReplyWindow {
  const { closesAt, humanAgentUntil, ...rest } = w;
  return { ...rest, closesAt: closesAt?.toISOString() ?? null, ...(humanAgentUntil !== undefined && { humanAgentUntil: humanAgentUntil?.toISOString() ?? null }) };
}
