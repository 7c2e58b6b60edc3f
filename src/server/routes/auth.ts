import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Ok } from '../../contract/common.ts';
import { LoginBody, LoginResult, SignedInUser } from '../../contract/auth.ts';
import { withErrors } from '../../contract/errors.ts';
import { issueToken, revokeToken, SESSION_TTL_MS } from '../../core/accounts/auth-tokens.ts';
import { addressKey } from '../../core/accounts/client-address.ts';
import { clearSignInFailures, lockedForSeconds, recordSignInFailure } from '../../core/accounts/sign-in-throttle.ts';
import { checkCredentials, organizationOfEmail } from '../../core/accounts/users.ts';
import { recordAudit } from '../../core/audit/record-audit.ts';
import { AppError } from '../../core/errors/app-error.ts';
import { announceAccessRevoked } from '../../core/realtime/access-revocations.ts';
import { principalOfRequest, SESSION_COOKIE, unauthenticated } from '../plugins/authenticate.ts';

const accountLocked = (seconds: number) => new AppError('ACCOUNT_LOCKED', `too many failed sign-ins for this email; try again in ${Math.ceil(seconds / 60)} min`, { retryAfterSeconds: seconds });

export async function authRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const { db, config } = app.ctx;
  const limits = { maxFailures: config.SIGN_IN_MAX_FAILURES, lockMinutes: config.SIGN_IN_LOCK_MINUTES };
  const logAuditFailure = (req: FastifyRequest) => (err: unknown) => req.log.error({ err }, 'could not write the audit log');
  const tooManyAttempts = (ttlMs: number) => new AppError('RATE_LIMITED', `too many sign-in attempts; try again in ${Math.ceil(ttlMs / 1000)} s`, { retryAfterSeconds: Math.ceil(ttlMs / 1000) });
  // Two limits. Spraying one password over many accounts: SIGN_IN_PER_ADDRESS_PER_MINUTE (60)
  // sign-ins per address, whatever the email (an office behind one address still signs in its
  // whole team); IPv6 clients count per /64. Guessing one account's password: the per-email lock
  // below, whatever the address (a per-address-and-email limit would add nothing to it).
  const perAddress = app.createRateLimit({ max: config.SIGN_IN_PER_ADDRESS_PER_MINUTE, timeWindow: 60_000, keyGenerator: (req) => `sign-in|${addressKey(req.ip)}` });

  app.post(
    '/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in: sets an HttpOnly session cookie and returns the same token for Authorization: Bearer',
        description:
          'Refused with RATE_LIMITED (too many tries from one address) or ACCOUNT_LOCKED (SIGN_IN_MAX_FAILURES failures for this email from any address; the lock lasts SIGN_IN_LOCK_MINUTES, and applies to unknown emails alike).',
        security: [],
        body: LoginBody,
        response: withErrors({ 200: LoginResult }),
      },
      onRequest: async (req) => {
        const verdict = await perAddress(req);
        if (!verdict.isAllowed && verdict.isExceeded) throw tooManyAttempts(verdict.ttl);
      },
    },
    async (req, reply) => {
      const { email, password } = req.body;
      const onAuditError = logAuditFailure(req);
      // Locked: refused before the password is even checked, right or wrong, known email or not.
      const locked = await lockedForSeconds(db, email);
      if (locked > 0) {
        const owner = await organizationOfEmail(db, email);
        await recordAudit(db, { organizationId: owner?.organizationId ?? null, action: 'sign-in.locked', targetUserId: owner?.userId, ip: req.ip }, onAuditError);
        throw accountLocked(locked);
      }
      const user = await checkCredentials(db, email, password);
      if (!user) {
        // The failure that reaches the limit is still answered 401; the lock shows from the next try.
        const lockSeconds = await recordSignInFailure(db, email, limits);
        const owner = await organizationOfEmail(db, email);
        await recordAudit(
          db,
          { organizationId: owner?.organizationId ?? null, action: 'sign-in.failed', targetUserId: owner?.userId, ip: req.ip, details: lockSeconds > 0 ? { locked: true } : {} },
          onAuditError,
        );
        throw new AppError('UNAUTHENTICATED', 'wrong email or password', { reason: 'WRONG_EMAIL_OR_PASSWORD' });
      }
      await clearSignInFailures(db, email);
      const { token, id, expiresAt } = await issueToken(db, user, 'session', { ip: req.ip, userAgent: req.headers['user-agent'] });
      await recordAudit(db, { organizationId: user.organization_id, action: 'sign-in', actorUserId: user.id, ip: req.ip, details: { sessionId: id } }, onAuditError);
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.publicUrl.startsWith('https://'),
        path: '/',
        maxAge: SESSION_TTL_MS / 1000,
      });
      return { token, expiresAt: expiresAt!.toISOString(), user: { id: user.id, email: user.email, name: user.name, role: user.role } };
    },
  );

  const logoutSchema = { tags: ['auth'], summary: 'Sign out: revokes the session token and ends its live connections on every instance', response: withErrors({ 200: Ok }) };
  app.post('/logout', { schema: logoutSchema }, async (req, reply) => {
    const principal = await principalOfRequest(app, req);
    if (principal && (await revokeToken(db, principal.organizationId, principal.tokenId))) {
      await announceAccessRevoked(db, { organizationId: principal.organizationId, tokenIds: [principal.tokenId], reason: 'signed out' });
      await recordAudit(
        db,
        { organizationId: principal.organizationId, action: 'sign-out', actorUserId: principal.userId, ip: req.ip, details: { sessionId: principal.tokenId } },
        logAuditFailure(req),
      );
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  app.get('/me', { schema: { tags: ['auth'], summary: 'The signed-in user', response: withErrors({ 200: SignedInUser }) } }, async (req) => {
    const principal = await principalOfRequest(app, req);
    if (!principal) throw await unauthenticated(app, req);
    return { id: principal.userId, email: principal.email, name: principal.name, role: principal.role, organizationId: principal.organizationId };
  });
}
