import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Ok } from '../../contract/common.ts';
import { withErrors } from '../../contract/errors.ts';
import { CreatedToken, NewToken, TokenList, TokenParams } from '../../contract/tokens.ts';
import { issueToken, revokeToken } from '../../core/accounts/auth-tokens.ts';
import { recordAudit } from '../../core/audit/record-audit.ts';
import { notFound } from '../../core/errors/app-error.ts';
import { announceAccessRevoked } from '../../core/realtime/access-revocations.ts';
import { requireAdmin } from '../plugins/authenticate.ts';

export async function tokenRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  app.get('/', { schema: { tags: ['tokens'], summary: 'Long-lived API tokens of the organisation (admins only)', response: withErrors({ 200: TokenList }) } }, async (req) => {
    requireAdmin(req);
    const tokens = await app.ctx.db
      .selectFrom('auth_tokens as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select(['t.id', 't.name', 't.user_id as userId', 'u.name as userName', 't.created_at as createdAt', 't.last_used_at as lastUsedAt', 't.expires_at as expiresAt'])
      .where('t.organization_id', '=', req.principal.organizationId)
      .where('t.kind', '=', 'api')
      .where('t.revoked_at', 'is', null)
      .orderBy('t.id')
      .execute();
    return { tokens };
  });
  app.post(
    '/',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Create a long-lived API token (admins only); the token is shown once',
        body: NewToken,
        response: withErrors({ 201: CreatedToken }),
      },
    },
    async (req, reply) => {
      requireAdmin(req);
      const expiresAt = req.body.expiresInDays ? new Date(Date.now() + req.body.expiresInDays * 86_400_000) : null;
      const user = { id: req.principal.userId, organization_id: req.principal.organizationId };
      const { token, id } = await issueToken(app.ctx.db, user, 'api', { name: req.body.name, expiresAt });
      await recordAudit(
        app.ctx.db,
        { organizationId: req.principal.organizationId, action: 'token.created', actorUserId: req.principal.userId, ip: req.ip, details: { tokenId: id, name: req.body.name } },
        (err) => req.log.error({ err }, 'could not write the audit log'),
      );
      return reply.status(201).send({ id, token, name: req.body.name, expiresAt });
    },
  );
  const revokeSchema = { tags: ['tokens'], summary: 'Revoke an API token (admins only); its live connections end on every instance', params: TokenParams, response: withErrors({ 200: Ok }) };
  app.delete('/:id', { schema: revokeSchema }, async (req) => {
    requireAdmin(req);
    const { db } = app.ctx;
    const organizationId = req.principal.organizationId;
    const owner = await db.selectFrom('auth_tokens').select('user_id').where('id', '=', req.params.id).where('organization_id', '=', organizationId).where('kind', '=', 'api').executeTakeFirst();
    if (!owner || !(await revokeToken(db, organizationId, req.params.id))) throw notFound('token');
    await announceAccessRevoked(db, { organizationId, tokenIds: [req.params.id], reason: 'token revoked' });
    await recordAudit(db, { organizationId, action: 'token.revoked', actorUserId: req.principal.userId, targetUserId: owner.user_id, ip: req.ip, details: { tokenId: req.params.id } }, (err) =>
      req.log.error({ err }, 'could not write the audit log'),
    );
    return { ok: true as const };
  });
}
