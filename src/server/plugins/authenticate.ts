import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticateToken, type Principal, type TokenPolicy } from '../../core/accounts/auth-tokens.ts';
import type { Config } from '../../config/config.ts';
import { AppError } from '../../core/errors/app-error.ts';

export const SESSION_COOKIE = 'snorq_session';

/** The bearer token of a request: `Authorization: Bearer …` first, then the session cookie. */
export function tokenOf(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  return req.cookies?.[SESSION_COOKIE];
}

export const tokenPolicy = (config: Config): TokenPolicy => ({ sessionIdleMinutes: config.SESSION_IDLE_MINUTES });

/** Who sent this request (cookie or bearer token), or null. */
export async function principalOfRequest(app: FastifyInstance, req: FastifyRequest): Promise<Principal | null> {
  const token = tokenOf(req);
  return token ? authenticateToken(app.ctx.db, token, tokenPolicy(app.ctx.config)) : null;
}

/** Every route registered inside `app` after this call requires a valid token. */
export function requireAuthentication(app: FastifyInstance): void {
  app.addHook('onRequest', async (req) => {
    const principal = await principalOfRequest(app, req);
    if (!principal) throw new AppError('UNAUTHENTICATED', 'sign in first: send a session cookie or an Authorization: Bearer token');
    req.principal = principal;
  });
}

export function requireAdmin(req: FastifyRequest): void {
  if (req.principal.role !== 'admin') throw new AppError('FORBIDDEN', 'only an admin may do this', { reason: 'ADMIN_ONLY' });
}
