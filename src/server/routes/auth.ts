import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { issueToken, revokeToken, authenticateToken, SESSION_TTL_MS } from '../../core/accounts/auth-tokens.ts';
import { checkCredentials } from '../../core/accounts/users.ts';
import { AppError } from '../../core/errors/app-error.ts';
import { SESSION_COOKIE, tokenOf } from '../plugins/authenticate.ts';

const LoginBody = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1000) });

export async function authRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const tooManyAttempts = (ttlMs: number) => new AppError('RATE_LIMITED', `too many sign-in attempts; try again in ${Math.ceil(ttlMs / 1000)} s`);
  // Spraying one password over many accounts: 60 sign-ins per minute per address, whatever the
  // email (an office behind one address still signs in its whole team).
  // (A check of its own: the plugin runs one limiter per request, the per-account one below.)
  const perAddress = app.createRateLimit({ max: 60, timeWindow: 60_000, keyGenerator: (req) => `sign-in|${req.ip}` });

  app.post(
    '/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in: sets an HttpOnly session cookie and returns the same token for Authorization: Bearer',
        security: [],
        body: LoginBody,
        response: {
          200: z.object({ token: z.string(), expiresAt: z.string(), user: z.object({ id: z.number(), email: z.string(), name: z.string(), role: z.string() }) }),
        },
      },
      // Guessing one account's password: 10 tries per minute per address and email.
      config: {
        rateLimit: {
          max: 10,
          timeWindow: '1 minute',
          keyGenerator: (req) => `${req.ip}|${String((req.body as { email?: unknown } | undefined)?.email ?? '').toLowerCase()}`,
          errorResponseBuilder: (_req, ctx) => tooManyAttempts(ctx.ttl),
        },
      },
      onRequest: async (req) => {
        const verdict = await perAddress(req);
        if (!verdict.isAllowed && verdict.isExceeded) throw tooManyAttempts(verdict.ttl);
      },
    },
    async (req, reply) => {
      const user = await checkCredentials(app.ctx.db, req.body.email, req.body.password);
      if (!user) throw new AppError('UNAUTHENTICATED', 'wrong email or password');
      const { token, expiresAt } = await issueToken(app.ctx.db, user, 'session');
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: app.ctx.config.publicUrl.startsWith('https://'),
        path: '/',
        maxAge: SESSION_TTL_MS / 1000,
      });
      return { token, expiresAt: expiresAt!.toISOString(), user: { id: user.id, email: user.email, name: user.name, role: user.role } };
    },
  );

  app.post('/logout', { schema: { tags: ['auth'], summary: 'Sign out: revokes the session token' } }, async (req, reply) => {
    const token = tokenOf(req);
    const principal = token ? await authenticateToken(app.ctx.db, token) : null;
    if (principal) await revokeToken(app.ctx.db, principal.organizationId, principal.tokenId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/me', { schema: { tags: ['auth'], summary: 'The signed-in user' } }, async (req) => {
    const token = tokenOf(req);
    const principal = token ? await authenticateToken(app.ctx.db, token) : null;
    if (!principal) throw new AppError('UNAUTHENTICATED', 'not signed in');
    return { id: principal.userId, email: principal.email, name: principal.name, role: principal.role, organizationId: principal.organizationId };
  });
}
