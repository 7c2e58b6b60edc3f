import type { OutboundTemplate } from '../../channels/types.ts';
import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/in-transaction.ts';
import type { Transaction } from 'kysely';
import type { ContentType, Conversation, Database, MediaItem, Message } from '../../db/schema.ts';
import type { ForwardedFrom, Message as MessageDto, MessageAutomation } from '../../contract/messages.ts';
import { withAuthors } from '../conversations/message-authors.ts';
import { appendEvents, type LoggedEvent } from '../events/event-log.ts';
import { conversationFieldsDto, messageDto } from '../conversations/dto.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { touchConversation } from '../ingest/apply-event.ts';
import { currentReplyWindow } from '../reply-window/current-reply-window.ts';
import { optionFor } from '../reply-window/reply-window.ts';
import { describeLimit, measureText } from '../../text/text-limits.ts';
import { channelOf } from '../../channels/registry.ts';
import type { InteractiveContent } from '../../text/interactive-limits.ts';
import { checkInteractiveReply } from './check-interactive-reply.ts';

export interface ReplyInput {
  organizationId: number;
  /** Who wrote it; null for what snorq sends by itself (`automation`). */
  userId: number | null;
  conversationId: number;
  content?: string;
  /** An uploaded attachment (POST /api/v1/uploads). */
  media?: { storageKey: string; type: 'image' | 'video' | 'audio' | 'file'; mimeType: string; filename?: string; size?: number };
  template?: OutboundTemplate;
  tag?: 'HUMAN_AGENT';
  replyToMessageId?: number;
  /** A note for the team: stored in the thread, never sent. */
  privateNote?: boolean;
  idempotencyKey?: string;
  /** A private note's mentioned agents (src/core/mentions/find-mentions.ts): kept on the note, and announced as `mention`. */
  mentions?: number[];
  /** Set when snorq sends by itself (an automatic reply): which feature and rule, shown with the message. */
  automation?: MessageAutomation;
  /** Set when an agent forwards a message from another conversation (src/core/forwarding/). */
  forwardedFrom?: ForwardedFrom;
  /** Choices the customer taps, sent with `content` (checked against the platform's limits first). */
  interactive?: InteractiveContent;
}

/**
 * Put an agent's reply in the outbox: check what the platform allows now, store it as `pending`
 * (the row is the outbox entry), and log `new:message`. The worker sends it. The same
 * Idempotency-Key from the same user returns the first message and never queues twice.
 */
export async function queueReply(db: Db, input: ReplyInput, now = new Date()): Promise<{ message: Message; created: boolean }> {
  const existing = input.idempotencyKey ? await findByIdempotencyKey(db, input) : undefined;
  if (existing) return { message: existing, created: false };
  const conv = await db
    .selectFrom('conversations as c')
    .innerJoin('channels as ch', 'ch.id', 'c.channel_id')
    .selectAll('c')
    .innerJoin('contacts as p', 'p.id', 'c.contact_id')
    .select(['ch.platform', 'ch.connection_state', 'p.erased_at as contact_erased_at'])
    .where('c.id', '=', input.conversationId)
    .where('c.organization_id', '=', input.organizationId)
    .executeTakeFirst();
  if (!conv) throw notFound('conversation');
  // An erased contact's conversations are closed for good: nobody to send to, nothing to note.
  if (conv.contact_erased_at) throw new AppError('CONFLICT', 'this contact was erased; their conversations are closed for good');

  const text = input.content?.trim() ? input.content : undefined;
  if (!text && !input.media && !input.template) throw new AppError('VALIDATION_FAILED', 'a reply needs content, an attachment or a template');
  if (input.interactive) checkInteractiveReply(conv.platform, { ...input, interactive: input.interactive, hasMedia: !!input.media, template: !!input.template, privateNote: !!input.privateNote });
  if (!input.privateNote) {
    if (conv.connection_state === 'disconnected') throw new AppError('UNPROCESSABLE', 'this channel is disconnected; reconnect it to reply');
    const window = await currentReplyWindow(db, { id: conv.id, platform: conv.platform, lastInboundAt: conv.last_inbound_at }, now);
    const option = optionFor({ template: input.template, tag: input.tag, hasMedia: !!input.media });
    if (!window.allowed.includes(option)) {
      throw new AppError('WINDOW_CLOSED', window.reason ?? `a ${option} message cannot be sent in this conversation now`, { window, needed: option });
    }
    // The limit the send adapter and the platform apply, counted the same way: a reply accepted
    // here never fails later for its length.
    const measured = text ? measureText(channelOf(conv.platform).policy.textLimit, text) : undefined;
    if (measured?.tooLong) {
      throw new AppError('MESSAGE_TOO_LONG', `${conv.platform} accepts at most ${describeLimit(measured)} in one message; this one has ${measured.length}`, {
        platform: conv.platform,
        limit: measured.max,
        unit: measured.unit,
        length: measured.length,
      });
    }
  }
  const replyTo = input.replyToMessageId
    ? await db.selectFrom('messages').select(['id', 'external_id']).where('id', '=', input.replyToMessageId).where('conversation_id', '=', conv.id).executeTakeFirst()
    : undefined;
  if (input.replyToMessageId && !replyTo) throw notFound('message to reply to');

  const media: MediaItem[] = input.media ? [{ ...input.media, state: 'stored' }] : [];
  const contentType: ContentType = input.template ? 'template' : (input.media?.type ?? 'text');
  return inTransaction(db, async (trx) => {
    const inserted = await trx
      .insertInto('messages')
      .values({
        organization_id: input.organizationId,
        conversation_id: conv.id,
        channel_id: conv.channel_id,
        direction: 'outbound',
        content: text ?? (input.template ? `[template ${input.template.name}]` : null),
        content_type: contentType,
        media: JSON.stringify(media),
        metadata: JSON.stringify({
          ...(input.template && { template: input.template }),
          ...(input.tag && { tag: input.tag }),
          ...(input.privateNote && input.mentions?.length && { mentions: input.mentions }),
          ...(input.automation && { automation: input.automation }),
          ...(input.forwardedFrom && { forwardedFrom: input.forwardedFrom }),
          ...(input.interactive && { interactive: input.interactive }),
        }),
        status: input.privateNote ? 'sent' : 'pending',
        reply_to_message_id: replyTo?.id ?? null,
        reply_to_external_id: replyTo?.external_id ?? null,
        platform_timestamp: now,
        sender_user_id: input.userId,
        is_private_note: input.privateNote ?? false,
        idempotency_key: input.idempotencyKey ?? null,
        next_attempt_at: input.privateNote ? null : now,
      })
      .onConflict((oc) => oc.columns(['sender_user_id', 'idempotency_key']).where('idempotency_key', 'is not', null).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted) {
      // The same key raced in from a parallel request: that one won.
      return { message: (await findByIdempotencyKey(trx, input))!, created: false };
    }
    await logNewMessage(trx, input.organizationId, inserted, input.privateNote ? conv : undefined);
    return { message: inserted, created: true };
  });
}

/**
 * `new:message` for a queued reply (the conversation touched) or note (`noteOf`: the conversation
 * as it is; a note changes nothing of it, but its event carries it like every new:message, so
 * that every agent's app places it), with its author; and `mention` for a note naming agents.
 */
async function logNewMessage(trx: Transaction<Database>, organizationId: number, inserted: Message, noteOf: Conversation | undefined): Promise<void> {
  const conversation = noteOf ?? (await touchConversation(trx, inserted.conversation_id, inserted));
  const plain = messageDto(inserted);
  const dto = (await withAuthors(trx, organizationId, [plain]))[0] ?? plain;
  await appendEvents(trx, organizationId, [
    { type: 'new:message', payload: { message: dto, conversation: conversationFieldsDto(conversation) } },
    ...(dto.mentions?.length ? [mentionEvent(dto)] : []),
  ]);
}

/** The `mention` event of a note that names agents. */
function mentionEvent(note: MessageDto): LoggedEvent {
  return {
    type: 'mention',
    payload: { messageId: note.id, conversationId: note.conversationId, authorUserId: note.senderUserId, mentionedUserIds: note.mentions ?? [], excerpt: (note.content ?? '').slice(0, 200) },
  };
}

function findByIdempotencyKey(db: Pick<Db, 'selectFrom'>, input: ReplyInput) {
  return db
    .selectFrom('messages')
    .selectAll()
    .where('sender_user_id', '=', input.userId)
    .where('idempotency_key', '=', input.idempotencyKey!)
    .where('organization_id', '=', input.organizationId)
    .executeTakeFirst();
}
