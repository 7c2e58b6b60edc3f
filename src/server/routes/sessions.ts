import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { revokeToken } from '../../core/accounts/auth-tokens.ts';
import { listSessions } from '../../core/accounts/list-sessions.ts';
import { recordAudit } from '../../core/audit/record-audit.ts';
import { notFound } from '../../core/errors/app-error.ts';
import { announceAccessRevoked } from '../../core/realtime/access-revocations.ts';
import { requireAdmin, tokenPolicy } from '../plugins/authenticate.ts';
import { IdParams, Ok } from '../../contract/common.ts';
import { withErrors } from '../../contract/errors.ts';
import { SessionList, SessionsQuery } from '../../contract/sessions.ts';

/**
 * End one session (not an API token: those have /api/v1/tokens) of the organisation, or only of
 * `ownerId`; its live connections end on every instance. False when there is no such session.
 */
export async function endSession(app: FastifyInstance, req: FastifyRequest, sessionId: number, ownerId?: number): Promise<boolean> {
  const { db } = app.ctx;
  const organizationId = req.principal.organizationId;
  let q = db.selectFrom('auth_tokens').select('user_id').where('id', '=', sessionId).where('organization_id', '=', organizationId).where('kind', '=', 'session');
  if (ownerId !== undefined) q = q.where('user_id', '=', ownerId);
  const session = await q.executeTakeFirst();
  if (!session || !(await revokeToken(db, organizationId, sessionId))) return false;
  await announceAccessRevoked(db, { organizationId, tokenIds: [sessionId], reason: 'session revoked' });
  await recordAudit(db, { organizationId, action: 'session.revoked', actorUserId: req.principal.userId, targetUserId: session.user_id, ip: req.ip, details: { sessionId } }, (err) =>
    req.log.error({ err }, 'could not write the audit log'),
  );
  return true;
}

/** Every signed-in session of the organisation (admins only). */
export async function sessionRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/',
    {
      schema: {
        tags: ['sessions'],
        summary: 'Sessions that are still valid in the organisation, newest first (admins only; userId narrows to one user)',
        querystring: SessionsQuery,
        response: withErrors({ 200: SessionList }),
      },
    },
    async (req) => {
      requireAdmin(req);
      const sessions = await listSessions(app.ctx.db, req.principal.organizationId, tokenPolicy(app.ctx.config), { userId: req.query.userId });
      return { sessions: sessions.map((s) => ({ ...s, current: s.id === req.principal.tokenId })) };
    },
  );
  app.delete('/:id', { schema: { tags: ['sessions'], summary: 'End any session of the organisation (admins only)', params: IdParams, response: withErrors({ 200: Ok }) } }, async (req) => {
    requireAdmin(req);
    if (!(await endSession(app, req, req.params.id))) throw notFound('session');
    return { ok: true as const };
  });
}
