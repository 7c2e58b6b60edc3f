import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { setPassword } from '../../core/accounts/manage-users.ts';
import { listSessions } from '../../core/accounts/list-sessions.ts';
import { lockedForSeconds, recordSignInFailure } from '../../core/accounts/sign-in-throttle.ts';
import { checkPasswordOf } from '../../core/accounts/users.ts';
import { recordAudit } from '../../core/audit/record-audit.ts';
import { AppError, notFound } from '../../core/errors/app-error.ts';
import { announceAccessRevoked } from '../../core/realtime/access-revocations.ts';
import { tokenPolicy } from '../plugins/authenticate.ts';
import { IdParams, Ok } from '../../contract/common.ts';
import { withErrors } from '../../contract/errors.ts';
import { SessionList } from '../../contract/sessions.ts';
import { PasswordChange, PasswordResult } from '../../contract/users.ts';
import { endSession } from './sessions.ts';

/** What any signed-in user may do to their own account. */
export async function meRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const { db, config } = app.ctx;

  app.get('/sessions', { schema: { tags: ['me'], summary: 'My sessions that are still valid, newest first', response: withErrors({ 200: SessionList }) } }, async (req) => {
    const sessions = await listSessions(db, req.principal.organizationId, tokenPolicy(config), { userId: req.principal.userId });
    return { sessions: sessions.map((s) => ({ ...s, current: s.id === req.principal.tokenId })) };
  });

  app.delete('/sessions/:id', { schema: { tags: ['me'], summary: 'End one of my sessions (signing out elsewhere)', params: IdParams, response: withErrors({ 200: Ok }) } }, async (req) => {
    if (!(await endSession(app, req, req.params.id, req.principal.userId))) throw notFound('session');
    return { ok: true as const };
  });

  app.post(
    '/password',
    {
      schema: {
        tags: ['me'],
        summary: 'Change my password: every other session of mine ends (this one stays)',
        body: PasswordChange,
        response: withErrors({ 200: PasswordResult }),
      },
    },
    async (req) => {
      const { userId, organizationId, tokenId, email } = req.principal;
      const locked = await lockedForSeconds(db, email);
      if (locked > 0) throw new AppError('ACCOUNT_LOCKED', `too many failed tries for this email; try again in ${Math.ceil(locked / 60)} min`, { retryAfterSeconds: locked });
      if (!(await checkPasswordOf(db, userId, req.body.currentPassword))) {
        // A stolen session must not become a way around the sign-in lock: wrong tries count.
        await recordSignInFailure(db, email, { maxFailures: config.SIGN_IN_MAX_FAILURES, lockMinutes: config.SIGN_IN_LOCK_MINUTES });
        throw new AppError('FORBIDDEN', 'the current password is not right', { field: 'currentPassword', reason: 'WRONG_CURRENT_PASSWORD' });
      }
      const { revoked } = await setPassword(db, organizationId, userId, req.body.newPassword, tokenId);
      await announceAccessRevoked(db, { organizationId, userId, exceptTokenId: tokenId, sessionsOnly: true, reason: 'password changed' });
      await recordAudit(db, { organizationId, action: 'user.password-changed', actorUserId: userId, targetUserId: userId, ip: req.ip, details: { endedSessions: revoked } }, (err) =>
        req.log.error({ err }, 'could not write the audit log'),
      );
      return { ok: true as const, endedSessions: revoked };
    },
  );
}
