import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AvatarParams } from '../../contract/contacts.ts';
import { withErrors } from '../../contract/errors.ts';
import { FileBytes } from '../../contract/media.ts';
import { contactAvatar } from '../../core/contacts/contact-avatar.ts';
import { notFound } from '../../core/errors/app-error.ts';
import { createMediaServices, type MediaServices } from '../../core/media/media-services.ts';

/** `GET /api/v1/contacts/identities/:id/avatar`: the customer's picture, from snorq's own copy. */
export async function avatarRoutes(plain: FastifyInstance, opts: { services?: MediaServices }): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const { store } = opts.services ?? (await createMediaServices(app.ctx.config, app.ctx.db));
  const schema = { tags: ['contacts'], summary: 'A customer’s picture (a cached copy)', params: AvatarParams, produces: ['image/*'], response: withErrors({ 200: FileBytes }) };
  app.get('/api/v1/contacts/identities/:id/avatar', { schema }, async (req, reply) => {
    const file = await contactAvatar({ db: app.ctx.db, config: app.ctx.config, store }, req.principal.organizationId, req.params.id);
    if (!file) throw notFound('avatar');
    return reply
      .type(file.mimeType)
      .header('cache-control', 'private, max-age=86400')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .send(file.stream);
  });
}
