import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { withErrors } from '../../contract/errors.ts';
import { FileBytes } from '../../contract/media.ts';
import { isSupportedLanguage, LANGUAGES, OneProfile, ProfileChange } from '../../contract/users.ts';
import { AppError, notFound } from '../../core/errors/app-error.ts';
import { IdParams } from '../../contract/common.ts';
import { AVATAR_MAX_BYTES, getAvatar, getProfile, setAvatar, updateProfile } from '../../core/accounts/user-profile.ts';

/** The signed-in user's own profile: name, language, picture (`/api/v1/me`). */
export async function profileRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx;
  // The picture comes as the image's bytes; what it is, is decided by sniffing them.
  app.addContentTypeParser(/^image\//, { parseAs: 'buffer', bodyLimit: AVATAR_MAX_BYTES }, (_req, body, done) => done(null, body));

  app.get('/', { schema: { tags: ['me'], summary: 'My profile', response: withErrors({ 200: OneProfile }) } }, async (req) => ({
    profile: await getProfile(db, req.principal.organizationId, req.principal.userId),
  }));

  app.patch(
    '/',
    { schema: { tags: ['me'], summary: `Change my name or language (${LANGUAGES.join(', ')}; null: the browser’s)`, body: ProfileChange, response: withErrors({ 200: OneProfile }) } },
    async (req) => {
      const { language } = req.body;
      if (language && !isSupportedLanguage(language))
        throw new AppError('UNPROCESSABLE', `snorq is not translated into ${language}; choose one of ${LANGUAGES.join(', ')}`, {
          field: 'language',
          supported: [...LANGUAGES],
          reason: 'LANGUAGE_NOT_SUPPORTED',
          language,
          languages: LANGUAGES.join(', '),
        });
      return { profile: await updateProfile(db, req.principal.organizationId, req.principal.userId, req.body) };
    },
  );

  const putSchema = {
    tags: ['me'],
    summary: `Set my picture: the bytes of a PNG, JPEG or WebP image (at most ${AVATAR_MAX_BYTES / 1024} KB)`,
    consumes: ['image/png', 'image/jpeg', 'image/webp'],
    body: FileBytes,
    response: withErrors({ 200: OneProfile }),
  };
  app.put('/avatar', { schema: putSchema }, async (req) => {
    if (!Buffer.isBuffer(req.body)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the picture’s bytes with its image Content-Type');
    return { profile: await setAvatar(db, req.principal.organizationId, req.principal.userId, req.body) };
  });

  app.delete('/avatar', { schema: { tags: ['me'], summary: 'Remove my picture', response: withErrors({ 200: OneProfile }) } }, async (req) => ({
    profile: await setAvatar(db, req.principal.organizationId, req.principal.userId, null),
  }));
}

/** `GET /api/v1/users/:id/avatar`: a user's picture, for anyone of their organisation. */
export async function userAvatarRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const schema = { tags: ['users'], summary: 'A user’s picture (any user of the organisation)', params: IdParams, produces: ['image/*'], response: withErrors({ 200: FileBytes }) };
  app.get('/:id/avatar', { schema }, async (req, reply) => {
    const avatar = await getAvatar(app.ctx.db, req.principal.organizationId, req.params.id);
    if (!avatar) throw notFound('avatar');
    // The URL carries the picture's version, so it may be kept; sandboxed, it is never a document.
    return reply.type(avatar.type).header('cache-control', 'private, max-age=31536000, immutable').header('content-security-policy', "default-src 'none'; sandbox").send(avatar.bytes);
  });
}
