import type { OutboundTemplate } from '../../channels/types.ts';
import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/in-transaction.ts';
import { sql, type Transaction } from 'kysely';
import type { ContentType, Conversation, Database, MediaItem, Message } from '../../db/schema.ts';
import type { ForwardedFrom, Message as MessageDto, MessageAutomation } from '../../contract/messages.ts';
import type { ThreadText } from '../../contract/thread-texts.ts';
import { withAuthors } from '../conversations/message-authors.ts';
import { appendEvents, type LoggedEvent } from '../events/event-log.ts';
import { conversationFieldsDto, messageDto } from '../conversations/dto.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { touchConversation } from '../ingest/apply-event.ts';
import { currentReplyWindow } from '../reply-window/current-reply-window.ts';
import { optionFor } from '../reply-window/reply-window.ts';
import { describeLimit, measureText } from '../../text/text-limits.ts';
import { channelOf } from '../../channels/registry.ts';
import { checkAttachments, splitReply, type ReplyAttachment, type ReplyPart } from './attachment-rules.ts';
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
  /** Several uploaded attachments, each with its own caption: the reply becomes the messages the platform needs (attachment-rules.ts). */
  attachments?: ReplyAttachment[];
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
  /** A line automation writes as a note: `content` as a code, for the reader's language (src/contract/thread-texts.ts). */
  contentText?: ThreadText;
  /** Set when an agent forwards a message from another conversation (src/core/forwarding/). */
  forwardedFrom?: ForwardedFrom;
  /** Choices the customer taps, sent with `content` (checked against the platform's limits first). */
  interactive?: InteractiveContent;
}

/** A queued reply: its first message, and every message it became (one per platform message, in order). */
export interface QueuedReply {
  message: Message;
  messages: Message[];
  created: boolean;
}

type Target = NonNullable<Awaited<ReturnType<typeof findTarget>>>;

/**
 * Put an agent's reply in the outbox: check what the platform allows now, store it as `pending`
 * (the row is the outbox entry), and log `new:message`. The worker sends it. The same
 * Idempotency-Key from the same user returns the first message and never queues twice.
 *
 * A reply with several attachments becomes the messages the platform needs (one attachment each,
 * its caption on it; `splitReply`), every one checked before any is stored, stored in one
 * transaction in order, each with its own status; the worker sends a thread's replies in order.
 */
export async function queueReply(db: Db, input: ReplyInput, now = new Date()): Promise<QueuedReply> {
  const existing = input.idempotencyKey ? await findByIdempotencyKey(db, input) : undefined;
  if (existing) return { message: existing, messages: await partsOf(db, existing), created: false };
  const conv = await findTarget(db, input);
  if (!conv) throw notFound('conversation');
  // An erased contact's conversations are closed for good: nobody to send to, nothing to note.
  if (conv.contact_erased_at) throw new AppError('CONFLICT', 'this contact was erased; their conversations are closed for good');

  const text = input.content?.trim() ? input.content : undefined;
  if (input.media && input.attachments?.length) throw new AppError('VALIDATION_FAILED', 'send either media or attachments, not both');
  const attachments: ReplyAttachment[] = input.attachments ?? (input.media ? [input.media] : []);
  if (!text && attachments.length === 0 && !input.template) throw new AppError('VALIDATION_FAILED', 'a reply needs content, an attachment or a template');
  if (input.interactive)
    checkInteractiveReply(conv.platform, { ...input, interactive: input.interactive, hasMedia: attachments.length > 0, template: !!input.template, privateNote: !!input.privateNote });
  const parts: ReplyPart[] = input.template ? [{ content: text }] : attachments.length ? splitReply(conv.platform, text, attachments) : [{ content: text }];
  if (!input.privateNote) await checkSendable(db, conv, input, parts, now);
  const replyTo = input.replyToMessageId
    ? await db.selectFrom('messages').select(['id', 'external_id']).where('id', '=', input.replyToMessageId).where('conversation_id', '=', conv.id).executeTakeFirst()
    : undefined;
  if (input.replyToMessageId && !replyTo) throw notFound('message to reply to');
  return inTransaction(db, async (trx) => {
    const rows: Message[] = [];
    for (const [index, part] of parts.entries()) {
      const inserted = await insertPart(trx, conv, input, part, { index, count: parts.length, firstId: rows[0]?.id, replyTo, now });
      if (!inserted) {
        // The same key raced in from a parallel request: that one won.
        const first = (await findByIdempotencyKey(trx, input))!;
        return { message: first, messages: await partsOf(trx, first), created: false };
      }
      await logNewMessage(trx, input.organizationId, inserted, input.privateNote ? conv : undefined);
      rows.push(inserted);
    }
    return { message: rows[0]!, messages: rows, created: true };
  });
}

function findTarget(db: Db, input: ReplyInput) {
  return db
    .selectFrom('conversations as c')
    .innerJoin('channels as ch', 'ch.id', 'c.channel_id')
    .selectAll('c')
    .innerJoin('contacts as p', 'p.id', 'c.contact_id')
    .select(['ch.platform', 'ch.connection_state', 'p.erased_at as contact_erased_at'])
    .where('c.id', '=', input.conversationId)
    .where('c.organization_id', '=', input.organizationId)
    .executeTakeFirst();
}

/**
 * What must hold before a reply is queued: a connected channel, a window that allows it (and, on a
 * platform that caps messages per window, room for every message the reply becomes), attachments
 * the platform takes, and text within the platform's length — counted as the adapter and the
 * platform count, so that a reply accepted here never fails later for its length.
 */
async function checkSendable(db: Db, conv: Target, input: ReplyInput, parts: readonly ReplyPart[], now: Date): Promise<void> {
  if (conv.connection_state === 'disconnected') throw new AppError('UNPROCESSABLE', 'this channel is disconnected; reconnect it to reply');
  const window = await currentReplyWindow(db, { id: conv.id, platform: conv.platform, lastInboundAt: conv.last_inbound_at }, now);
  const option = optionFor({ template: input.template, tag: input.tag, hasMedia: parts.some((p) => p.media) });
  if (!window.allowed.includes(option)) {
    throw new AppError('WINDOW_CLOSED', window.reason ?? `a ${option} message cannot be sent in this conversation now`, { window, needed: option });
  }
  if (window.remainingMessages !== undefined && parts.length > window.remainingMessages) {
    throw new AppError('UNPROCESSABLE', `${conv.platform} takes ${window.remainingMessages} more messages in this window; this reply would be ${parts.length}`, {
      messages: { remaining: window.remainingMessages, needed: parts.length },
    });
  }
  checkAttachments(
    conv.platform,
    parts.flatMap((p) => (p.media ? [p.media] : [])),
  );
  for (const part of parts) {
    const measured = part.content ? measureText(channelOf(conv.platform).policy.textLimit, part.content) : undefined;
    if (measured?.tooLong) {
      throw new AppError('MESSAGE_TOO_LONG', `${conv.platform} accepts at most ${describeLimit(measured)} in one message; this one has ${measured.length}`, {
        platform: conv.platform,
        limit: measured.max,
        unit: measured.unit,
        length: measured.length,
      });
    }
  }
}

/** One message of a reply, as the outbox's row; the first carries the Idempotency-Key, the others name the first (`replyPart`). */
async function insertPart(
  trx: Transaction<Database>,
  conv: Target,
  input: ReplyInput,
  part: ReplyPart,
  at: { index: number; count: number; firstId: number | undefined; replyTo: { id: number; external_id: string | null } | undefined; now: Date },
): Promise<Message | undefined> {
  const { caption: _caption, ...stored } = part.media ?? { caption: undefined };
  const media: MediaItem[] = part.media ? [{ ...(stored as Omit<ReplyAttachment, 'caption'>), state: 'stored' }] : [];
  const contentType: ContentType = input.template ? 'template' : (part.media?.type ?? 'text');
  const first = at.index === 0;
  return trx
    .insertInto('messages')
    .values({
      organization_id: input.organizationId,
      conversation_id: conv.id,
      channel_id: conv.channel_id,
      direction: 'outbound',
      content: part.content ?? (input.template ? `[template ${input.template.name}]` : null),
      content_type: contentType,
      media: JSON.stringify(media),
      metadata: JSON.stringify({
        ...(input.template && { template: input.template }),
        ...(input.tag && { tag: input.tag }),
        ...(input.privateNote && input.mentions?.length && first && { mentions: input.mentions }),
        ...(input.automation && { automation: input.automation }),
        ...(input.contentText && { contentText: input.contentText }),
        ...(input.forwardedFrom && { forwardedFrom: input.forwardedFrom }),
        ...(input.interactive && first && { interactive: input.interactive }),
        ...(at.count > 1 && { replyPart: { index: at.index, count: at.count, ...(at.firstId !== undefined && { firstId: at.firstId }) } }),
      }),
      status: input.privateNote ? 'sent' : 'pending',
      // The quoted message is quoted once, by the reply's first message.
      reply_to_message_id: first ? (at.replyTo?.id ?? null) : null,
      reply_to_external_id: first ? (at.replyTo?.external_id ?? null) : null,
      platform_timestamp: at.now,
      sender_user_id: input.userId,
      is_private_note: input.privateNote ?? false,
      idempotency_key: first ? (input.idempotencyKey ?? null) : null,
      next_attempt_at: input.privateNote ? null : at.now,
    })
    .onConflict((oc) => oc.columns(['sender_user_id', 'idempotency_key']).where('idempotency_key', 'is not', null).doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** Every message a reply became, first to last (a reply of one message is just that one). */
async function partsOf(db: Pick<Db, 'selectFrom'>, first: Message): Promise<Message[]> {
  const rest = await db
    .selectFrom('messages')
    .selectAll()
    .where('conversation_id', '=', first.conversation_id)
    .where(sql<boolean>`(metadata -> 'replyPart' ->> 'firstId')::bigint = ${first.id}`)
    .orderBy('id')
    .execute();
  return [first, ...rest];
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
