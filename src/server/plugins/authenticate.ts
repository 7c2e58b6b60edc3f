import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticateToken, whyTokenRefused, type Principal, type TokenPolicy, type TokenRefusal } from '../../core/accounts/auth-tokens.ts';
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
    if (!principal) throw await unauthenticated(app, req);
    req.principal = principal;
  });
}

/** The English words of each reason a token no longer grants access (the web app shows `refusal.<reason>`). */
const REFUSED_TOKEN: Record<TokenRefusal, () => AppError> = {
  SESSION_EXPIRED: () => new AppError('UNAUTHENTICATED', 'your session has expired; sign in again', { reason: 'SESSION_EXPIRED' }),
  SESSION_ENDED: () => new AppError('UNAUTHENTICATED', 'your session was ended (signed out on another device, by an admin or by a password change); sign in again', { reason: 'SESSION_ENDED' }),
  ACCOUNT_DISABLED: () => new AppError('UNAUTHENTICATED', 'your account has been disabled; ask an admin', { reason: 'ACCOUNT_DISABLED' }),
};

/** The 401 of a request without a valid token: saying why when the token was once valid, so the sign-in page can. */
export async function unauthenticated(app: FastifyInstance, req: FastifyRequest): Promise<AppError> {
  const token = tokenOf(req);
  const why = token ? await whyTokenRefused(app.ctx.db, token, tokenPolicy(app.ctx.config)) : undefined;
  return why ? REFUSED_TOKEN[why]() : new AppError('UNAUTHENTICATED', 'sign in first: send a session cookie or an Authorization: Bearer token');
}

export function requireAdmin(req: FastifyRequest): void {
  if (req.principal.role !== 'admin') throw new AppError('FORBIDDEN', 'only an admin may do this', { reason: 'ADMIN_ONLY' });
}
