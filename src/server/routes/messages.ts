import { findMentions } from '../../core/mentions/find-mentions.ts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id, PlatformParam } from '../../contract/common.ts';
import { ConversationPageSchema, InboxQuery } from '../../contract/conversations.ts';
import { withErrors } from '../../contract/errors.ts';
import { MarkReadParams, MarkReadResult, MessagePageSchema, OneMessage, SendHeaders, SendMessageBody, SentReply, type AttachmentRef } from '../../contract/messages.ts';
import { listConversations, type ConversationFilter } from '../../core/conversations/list-conversations.ts';
import { listMessages } from '../../core/conversations/list-messages.ts';
import { markConversationRead } from '../../core/conversations/mark-conversation-read.ts';
import { sendReadReceipt } from '../../core/conversations/send-read-receipt.ts';
import { messageDto } from '../../core/conversations/dto.ts';
import { queueReply } from '../../core/outbox/queue-reply.ts';
import { resolveTemplateSend } from '../../core/outbox/resolve-template-send.ts';
import { retryMessage } from '../../core/outbox/retry-message.ts';
import { AppError } from '../../core/errors/app-error.ts';
import { createMediaServices } from '../../core/media/media-services.ts';
import { isStorageKey } from '../../core/media/media-store.ts';
import { attachmentName } from '../../core/media/upload-policy.ts';

function mediaTypeOf(mimeType: string): 'image' | 'video' | 'audio' | 'file' {
  const top = mimeType.split('/')[0];
  return top === 'image' || top === 'video' || top === 'audio' ? top : 'file';
}

/** The list query's parameters as the conversation list's filter. */
export function listFilterOf(q: Omit<z.infer<typeof InboxQuery>, 'conversationId' | 'before'>): ConversationFilter {
  return {
    platform: q.platform,
    channelId: q.channelId,
    status: q.status,
    assignee: q.assignee,
    unreadOnly: q.unread,
    waiting: q.waiting,
    label: q.label,
    sla: q.sla,
    createdFrom: q.createdFrom,
    createdTo: q.createdTo,
    sort: q.sort,
    limit: q.limit,
    cursor: q.cursor,
  };
}

/**
 * `platform` and `channelId` of a send are tolerated, but they must agree with the conversation
 * (a mismatch is a client bug worth hearing about).
 */
async function refuseForeignChannel(app: FastifyInstance, organizationId: number, b: { conversationId: number; channelId?: number; platform?: string }): Promise<void> {
  if (b.channelId === undefined && b.platform === undefined) return;
  const conv = await app.ctx.db
    .selectFrom('conversations as c')
    .innerJoin('channels as ch', 'ch.id', 'c.channel_id')
    .select(['ch.id', 'ch.platform'])
    .where('c.id', '=', b.conversationId)
    .where('c.organization_id', '=', organizationId)
    .executeTakeFirst();
  const platform = b.platform ? PlatformParam.safeParse(b.platform) : undefined;
  if (conv && ((b.channelId !== undefined && b.channelId !== conv.id) || (platform && (!platform.success || platform.data !== conv.platform)))) {
    throw new AppError('VALIDATION_FAILED', 'platform/channelId do not match the conversation; omit them or send the conversation’s own');
  }
}

/** The attachment as stored: its type, size and name come from the upload, never from the client's word. */
async function storedAttachment(app: FastifyInstance, organizationId: number, media: AttachmentRef): Promise<AttachmentRef> {
  const { store } = app.ctx.media ?? (await createMediaServices(app.ctx.config, app.ctx.db));
  const stored = isStorageKey(media.storageKey) ? await store.stat(media.storageKey) : null;
  // Only this organisation's own uploads: another's file (or a customer's) would be sent, and readable, here.
  if (!stored || stored.organizationId !== organizationId) throw new AppError('VALIDATION_FAILED', 'the attachment was not found; upload it again with POST /api/v1/uploads');
  // The name too: the client's (or the upload's) stem with the stored type's extension.
  const filename = attachmentName(media.filename, stored.mimeType) ?? attachmentName(stored.filename, stored.mimeType);
  return { storageKey: media.storageKey, mimeType: stored.mimeType, size: stored.size, type: mediaTypeOf(stored.mimeType), ...(filename && { filename }) };
}

/** A reply's attachment (`media`) or attachments (each with the caption the client gave it), as stored. */
async function storedUploads(app: FastifyInstance, organizationId: number, b: { media?: AttachmentRef; attachments?: (AttachmentRef & { caption?: string })[] }) {
  const media = b.media && (await storedAttachment(app, organizationId, b.media));
  const attachments =
    b.attachments && (await Promise.all(b.attachments.map(async (a) => ({ ...(await storedAttachment(app, organizationId, a)), ...(a.caption !== undefined && { caption: a.caption }) }))));
  return { media, attachments };
}

/** The original integration guide's endpoints, kept at their paths (DESIGN.md, the contract). */
export async function messageRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/messages',
    {
      schema: {
        tags: ['messages'],
        summary: 'Conversations newest first; with ?conversationId=, that thread’s messages oldest first',
        querystring: InboxQuery,
        response: withErrors({ 200: z.union([ConversationPageSchema, MessagePageSchema]) }),
      },
    },
    async (req) => {
      const q = req.query;
      if (q.conversationId) return listMessages(app.ctx.db, req.principal.organizationId, q.conversationId, { limit: q.limit, before: q.before });
      return listConversations(app.ctx.db, req.principal, listFilterOf(q));
    },
  );

  app.post(
    '/api/messages',
    {
      schema: {
        tags: ['messages'],
        summary: 'Reply in a conversation: stored as pending and answered at once; a worker sends it. Idempotency-Key makes retries safe.',
        body: SendMessageBody,
        headers: SendHeaders,
        response: withErrors({ 200: SentReply.describe('the reply a retried Idempotency-Key first created'), 201: SentReply }),
      },
    },
    async (req, reply) => {
      const b = req.body;
      await refuseForeignChannel(app, req.principal.organizationId, b);
      // The attachment's type and size come from what was stored, never from the client's word.
      const { media, attachments } = await storedUploads(app, req.principal.organizationId, b);
      const privateNote = b.privateNote ?? b.messageType === 'note';
      // A template is checked against the channel's own before it is queued (422 naming what is
      // wrong); the thread keeps the text the customer receives.
      const resolved = b.template && !privateNote ? await resolveTemplateSend(app.ctx, req.principal.organizationId, b.conversationId, b.template) : undefined;
      const { message, messages, created } = await queueReply(app.ctx.db, {
        organizationId: req.principal.organizationId,
        userId: req.principal.userId,
        conversationId: b.conversationId,
        content: resolved ? resolved.content : b.content,
        media,
        attachments,
        template: resolved ? resolved.template : b.template,
        tag: b.tag,
        replyToMessageId: b.replyToMessageId,
        privateNote,
        interactive: b.interactive,
        idempotencyKey: req.headers['idempotency-key'],
        mentions: privateNote ? await findMentions(app.ctx.db, req.principal.organizationId, b.content) : undefined,
      });
      if (created && !message.is_private_note) app.ctx.outbox?.wake();
      return reply.status(created ? 201 : 200).send({ message: messageDto(message), messages: messages.map(messageDto) });
    },
  );

  app.post(
    '/api/messages/:conversationId/read',
    {
      schema: {
        tags: ['messages'],
        summary: 'Mark a conversation and its messages read (pushed to every agent)',
        params: MarkReadParams,
        response: withErrors({ 200: MarkReadResult }),
      },
    },
    async (req) => {
      const result = await markConversationRead(app.ctx.db, req.principal.organizationId, req.params.conversationId);
      // The customer sees their messages read (WhatsApp blue ticks, Messenger "seen"); not awaited.
      if (result.markedRead > 0) void sendReadReceipt({ ...app.ctx, log: req.log }, req.params.conversationId).catch((err) => req.log.warn({ err }, 'read receipt failed'));
      return result;
    },
  );

  app.post(
    '/api/v1/messages/:id/retry',
    { schema: { tags: ['messages'], summary: 'Send a failed reply again (the reply window is checked again)', params: z.object({ id: Id }), response: withErrors({ 200: OneMessage }) } },
    async (req) => {
      const message = await retryMessage(app.ctx.db, req.principal.organizationId, req.params.id);
      app.ctx.outbox?.wake();
      return { message: messageDto(message) };
    },
  );
}
