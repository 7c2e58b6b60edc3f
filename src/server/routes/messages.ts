import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listConversations, type ConversationFilter } from '../../core/conversations/list-conversations.ts';
import { listMessages } from '../../core/conversations/list-messages.ts';
import { markConversationRead } from '../../core/conversations/mark-conversation-read.ts';
import { sendReadReceipt } from '../../core/conversations/send-read-receipt.ts';
import { messageDto } from '../../core/conversations/dto.ts';
import { queueReply } from '../../core/outbox/queue-reply.ts';
import { resolveTemplateSend } from '../../core/outbox/resolve-template-send.ts';
import { retryMessage } from '../../core/outbox/retry-message.ts';
import { AppError } from '../../core/errors/app-error.ts';
import type { Platform } from '../../db/schema.ts';
import { createMediaServices } from '../../core/media/media-services.ts';
import { isStorageKey } from '../../core/media/media-store.ts';
import { attachmentName } from '../../core/media/upload-policy.ts';

function mediaTypeOf(mimeType: string): 'image' | 'video' | 'audio' | 'file' {
  const top = mimeType.split('/')[0];
  return top === 'image' || top === 'video' || top === 'audio' ? top : 'file';
}

const id = z.coerce.number().int().positive();

/** `?platform=` accepts the original guide's spellings ("Facebook", "WhatsApp") too. */
const PlatformParam = z
  .string()
  .transform((v) => v.toLowerCase())
  .transform((v) => (v === 'facebook' ? 'messenger' : v))
  .pipe(z.enum(['messenger', 'instagram', 'whatsapp', 'twilio', 'tiktok']));

export const ListQuery = z.object({
  conversationId: id.optional(),
  platform: PlatformParam.optional(),
  channelId: id.optional(),
  status: z.enum(['open', 'pending', 'resolved', 'snoozed']).optional(),
  assignee: z.union([z.enum(['me', 'unassigned']), id]).optional(),
  unread: z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1').optional(),
  label: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().max(200).optional(),
  before: z.string().max(200).optional(),
});

/** The list query's parameters as the conversation list's filter. */
export function listFilterOf(q: Omit<z.infer<typeof ListQuery>, 'conversationId' | 'before'>): ConversationFilter {
  return { platform: q.platform as Platform | undefined, channelId: q.channelId, status: q.status, assignee: q.assignee, unreadOnly: q.unread, label: q.label, limit: q.limit, cursor: q.cursor };
}

const MediaRef = z.object({
  storageKey: z.string().min(1).max(200),
  type: z.enum(['image', 'video', 'audio', 'file']),
  mimeType: z.string().min(1).max(200),
  filename: z.string().max(255).optional(),
  size: z.number().int().nonnegative().optional(),
});

const SendBody = z.object({
  conversationId: id,
  content: z.string().max(10_000).optional(),
  /** The original guide's field; 'note' makes a private note. Media/template types follow the payload. */
  messageType: z.enum(['text', 'image', 'video', 'audio', 'file', 'template', 'note']).optional(),
  /** Accepted for compatibility with the original guide; the conversation decides both. */
  platform: z.string().optional(),
  channelId: z.number().int().optional(),
  media: MediaRef.optional(),
  template: z
    .object({
      name: z.string().min(1).max(512),
      language: z.string().min(2).max(15),
      variables: z.array(z.string().max(1024)).max(20).optional(),
      /** Values by the input keys `GET /api/v1/channels/:id/templates` lists (`body.1`, `header.link`, `button.0` …). */
      parameters: z
        .record(z.string().min(1).max(100), z.string().max(2000))
        .refine((p) => Object.keys(p).length <= 100, 'at most 100 parameters')
        .optional(),
      contentSid: z.string().max(64).optional(),
    })
    .optional(),
  tag: z.literal('HUMAN_AGENT').optional(),
  replyToMessageId: z.number().int().positive().optional(),
  privateNote: z.boolean().optional(),
});

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
async function storedAttachment(app: FastifyInstance, organizationId: number, media: z.infer<typeof MediaRef>): Promise<z.infer<typeof MediaRef>> {
  const { store } = app.ctx.media ?? (await createMediaServices(app.ctx.config, app.ctx.db));
  const stored = isStorageKey(media.storageKey) ? await store.stat(media.storageKey) : null;
  // Only this organisation's own uploads: another's file (or a customer's) would be sent, and readable, here.
  if (!stored || stored.organizationId !== organizationId) throw new AppError('VALIDATION_FAILED', 'the attachment was not found; upload it again with POST /api/v1/uploads');
  // The name too: the client's (or the upload's) stem with the stored type's extension.
  const filename = attachmentName(media.filename, stored.mimeType) ?? attachmentName(stored.filename, stored.mimeType);
  return { storageKey: media.storageKey, mimeType: stored.mimeType, size: stored.size, type: mediaTypeOf(stored.mimeType), ...(filename && { filename }) };
}

/** The original integration guide's endpoints, kept at their paths (DESIGN.md, the contract). */
export async function messageRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/messages',
    { schema: { tags: ['messages'], summary: 'Conversations newest first; with ?conversationId=, that thread’s messages oldest first', querystring: ListQuery } },
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
        body: SendBody,
        headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }).loose(),
      },
    },
    async (req, reply) => {
      const b = req.body;
      await refuseForeignChannel(app, req.principal.organizationId, b);
      // The attachment's type and size come from what was stored, never from the client's word.
      const media = b.media && (await storedAttachment(app, req.principal.organizationId, b.media));
      const privateNote = b.privateNote ?? b.messageType === 'note';
      // A template is checked against the channel's own before it is queued (422 naming what is
      // wrong); the thread keeps the text the customer receives.
      const resolved = b.template && !privateNote ? await resolveTemplateSend(app.ctx, req.principal.organizationId, b.conversationId, b.template) : undefined;
      const { message, created } = await queueReply(app.ctx.db, {
        organizationId: req.principal.organizationId,
        userId: req.principal.userId,
        conversationId: b.conversationId,
        content: resolved ? resolved.content : b.content,
        media,
        template: resolved ? resolved.template : b.template,
        tag: b.tag,
        replyToMessageId: b.replyToMessageId,
        privateNote,
        idempotencyKey: req.headers['idempotency-key'],
      });
      if (created && !message.is_private_note) app.ctx.outbox?.wake();
      return reply.status(created ? 201 : 200).send({ message: messageDto(message) });
    },
  );

  app.post(
    '/api/messages/:conversationId/read',
    { schema: { tags: ['messages'], summary: 'Mark a conversation and its messages read (pushed to every agent)', params: z.object({ conversationId: id }) } },
    async (req) => {
      const result = await markConversationRead(app.ctx.db, req.principal.organizationId, req.params.conversationId);
      // The customer sees their messages read (WhatsApp blue ticks, Messenger "seen"); not awaited.
      if (result.markedRead > 0) void sendReadReceipt({ ...app.ctx, log: req.log }, req.params.conversationId).catch((err) => req.log.warn({ err }, 'read receipt failed'));
      return result;
    },
  );

  app.post(
    '/api/v1/messages/:id/retry',
    { schema: { tags: ['messages'], summary: 'Send a failed reply again (the reply window is checked again)', params: z.object({ id }) } },
    async (req) => {
      const message = await retryMessage(app.ctx.db, req.principal.organizationId, req.params.id);
      app.ctx.outbox?.wake();
      return { message: messageDto(message) };
    },
  );
}
