import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../contract/common.ts';
import { withErrors } from '../../contract/errors.ts';
import { ForwardBody, ForwardedMessages, ForwardManyBody, OneMessage, ReactBody } from '../../contract/messages.ts';
import { forwardMessages } from '../../core/forwarding/forward-messages.ts';
import { createMediaServices } from '../../core/media/media-services.ts';
import { messageDto } from '../../core/conversations/dto.ts';
import { reactToMessage } from '../../core/reactions/react-to-message.ts';
import type { Message } from '../../db/schema.ts';

/** What an agent does to a message beyond replying: react to it (and take the reaction back), forward it. */
export async function messageActionRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const logRefused = (req: { log: { warn(o: object, m: string): void } }, message: Message) => {
    const refused = message.reactions.find((r) => r.failed);
    if (refused) req.log.warn({ messageId: message.id, reason: refused.failed?.reason }, 'the platform refused a reaction');
  };

  app.post(
    '/api/v1/messages/:id/reactions',
    {
      schema: {
        tags: ['messages'],
        summary: "React to a customer's message on its platform (replaces the business's reaction). A refusal by the platform is kept on the reaction (`failed`).",
        params: z.object({ id: Id }),
        body: ReactBody,
        response: withErrors({ 200: OneMessage }),
      },
    },
    async (req) => {
      const message = await reactToMessage(app.ctx, { organizationId: req.principal.organizationId, userId: req.principal.userId, messageId: req.params.id, emoji: req.body.emoji });
      logRefused(req, message);
      return { message: messageDto(message) };
    },
  );

  app.post(
    '/api/v1/messages/:id/forward',
    {
      schema: {
        tags: ['messages'],
        summary: "Forward a message (text and attachment) to a conversation on any platform, checked against that conversation's reply window first; queued like a reply",
        params: z.object({ id: Id }),
        body: ForwardBody,
        response: withErrors({ 201: OneMessage }),
      },
    },
    async (req, reply) => {
      const [message] = await forwardMessages(await forwardingDeps(app), {
        organizationId: req.principal.organizationId,
        userId: req.principal.userId,
        messageIds: [req.params.id],
        conversationId: req.body.conversationId,
      });
      app.ctx.outbox?.wake();
      return reply.status(201).send({ message: messageDto(message!) });
    },
  );

  app.post(
    '/api/v1/messages/forward',
    {
      schema: {
        tags: ['messages'],
        summary: 'Forward a selection of messages, in thread order, to one conversation: all of them or (422) none',
        body: ForwardManyBody,
        response: withErrors({ 201: ForwardedMessages }),
      },
    },
    async (req, reply) => {
      const messages = await forwardMessages(await forwardingDeps(app), { organizationId: req.principal.organizationId, userId: req.principal.userId, ...req.body });
      app.ctx.outbox?.wake();
      return reply.status(201).send({ messages: messages.map(messageDto) });
    },
  );

  app.delete(
    '/api/v1/messages/:id/reactions',
    {
      schema: {
        tags: ['messages'],
        summary: "Remove the business's reaction from a customer's message on its platform",
        params: z.object({ id: Id }),
        response: withErrors({ 200: OneMessage }),
      },
    },
    async (req) => {
      const message = await reactToMessage(app.ctx, { organizationId: req.principal.organizationId, userId: req.principal.userId, messageId: req.params.id, emoji: null });
      logRefused(req, message);
      return { message: messageDto(message) };
    },
  );
}

/** Forwarding reads stored attachments (a voice note converted for a platform that takes no Ogg). */
async function forwardingDeps(app: FastifyInstance) {
  const { store } = app.ctx.media ?? (await createMediaServices(app.ctx.config, app.ctx.db));
  return { db: app.ctx.db, store };
}
