import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { issueToken, revokeToken } from '../../core/accounts/auth-tokens.ts';
import { notFound } from '../../core/errors/app-error.ts';
import { requireAdmin } from '../plugins/authenticate.ts';

export async function tokenRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  app.get('/', { schema: { tags: ['tokens'], summary: 'Long-lived API tokens of the organisation (admins only)' } }, async (req) => {
    requireAdmin(req);
    const tokens = await app.ctx.db
      .selectFrom('auth_tokens')
      .select(['id', 'name', 'user_id as userId', 'created_at as createdAt', 'last_used_at as lastUsedAt', 'expires_at as expiresAt'])
      .where('organization_id', '=', req.principal.organizationId)
      .where('kind', '=', 'api')
      .where('revoked_at', 'is', null)
      .orderBy('id')
      .execute();
    return { tokens };
  });
  app.post(
    '/',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Create a long-lived API token (admins only); the token is shown once',
        body: z.object({ name: z.string().trim().min(1).max(200), expiresInDays: z.number().int().positive().max(3650).optional() }),
      },
    },
    async (req, reply) => {
      requireAdmin(req);
      const expiresAt = req.body.expiresInDays ? new Date(Date.now() + req.body.expiresInDays * 86_400_000) : null;
      const user = { id: req.principal.userId, organization_id: req.principal.organizationId };
      const { token, id } = await issueToken(app.ctx.db, user, 'api', { name: req.body.name, expiresAt });
      return reply.status(201).send({ id, token, name: req.body.name, expiresAt });
    },
  );
  app.delete('/:id', { schema: { tags: ['tokens'], summary: 'Revoke an API token (admins only)', params: z.object({ id: z.coerce.number().int() }) } }, async (req) => {
    requireAdmin(req);
    if (!(await revokeToken(app.ctx.db, req.principal.organizationId, req.params.id))) throw notFound('token');
    return { ok: true };
  });
}
