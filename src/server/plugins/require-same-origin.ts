import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config/config.ts';
import { AppError } from '../../core/errors/app-error.ts';
import { SESSION_COOKIE } from './authenticate.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A Host header as a browser sends it (name or address, optional port); anything else is ignored. */
const HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * Whether the page's own origin (the Host the request was sent to) counts as snorq's: in
 * development (the Vite dev server proxies with the browser's Host, `npm start` may be opened as
 * localhost or 127.0.0.1) and when PUBLIC_URL is not set (it is then only a guess). Safe for
 * CSRF: another site's page can make the browser send snorq's cookie only to snorq's host, with
 * that site's Origin, which never equals it.
 */
function pageOriginCounts(config: Config): boolean {
  return config.NODE_ENV !== 'production' || config.PUBLIC_URL === undefined;
}

/** The request's own host, when it may stand for snorq's origin and looks like one. */
function ownHost(config: Config, headers: IncomingHttpHeaders): string | undefined {
  const host = headers.host?.toLowerCase();
  return pageOriginCounts(config) && host && HOST.test(host) ? host : undefined;
}

/**
 * Whether a browser says the request comes from snorq's own pages: its `Origin` is PUBLIC_URL's
 * origin (or, see above, the page's own), or `Sec-Fetch-Site: same-origin` (set by the browser,
 * never by a page; it still holds when a proxy or a referrer policy hides the Origin). Exported
 * for the Socket.IO handshake, which must judge the same way.
 */
export function isOwnOrigin(config: Config, headers: IncomingHttpHeaders): boolean {
  if (headers['sec-fetch-site'] === 'same-origin') return true;
  const origin = headers.origin;
  if (!origin || origin === 'null') return false;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (parsed.origin === new URL(config.publicUrl).origin) return true;
  const host = ownHost(config, headers);
  return host !== undefined && parsed.host === host;
}

/** Whether the request says a browser sent it from another site (an Origin or Sec-Fetch-Site that is not snorq's). */
function saysCrossSite(config: Config, headers: IncomingHttpHeaders): boolean {
  const site = headers['sec-fetch-site'];
  return (headers.origin !== undefined || (site !== undefined && site !== 'none')) && !isOwnOrigin(config, headers);
}

/**
 * CSRF defence. The session cookie is SameSite=Lax, which still lets a sibling subdomain (same
 * site) post with it, and old browsers ignore SameSite. So a request that changes something
 * (any method but GET/HEAD/OPTIONS) and is authenticated by the cookie must show it comes from
 * snorq's own pages (see isOwnOrigin), else 403 ORIGIN_MISMATCH before its body is read.
 * A request with `Authorization: Bearer` is not affected: a browser never adds that header by
 * itself. An unsafe request without either that a browser marks as cross-site is refused too:
 * another site must not sign a browser in to an account of its choosing (login CSRF).
 * Webhooks carry neither a cookie nor an Origin (platforms call from their servers).
 */
export function requireSameOrigin(app: FastifyInstance): void {
  const config = app.ctx.config;
  app.addHook('onRequest', async (req) => {
    if (SAFE_METHODS.has(req.method)) return;
    if (req.headers.authorization?.startsWith('Bearer ')) return;
    const byCookie = req.cookies?.[SESSION_COOKIE] !== undefined;
    if (byCookie ? isOwnOrigin(config, req.headers) : !saysCrossSite(config, req.headers)) return;
    throw new AppError(
      'ORIGIN_MISMATCH',
      req.headers.origin
        ? `this request comes from ${req.headers.origin.slice(0, 200)}, not from snorq's own pages (${config.publicUrl}); set PUBLIC_URL to the address the inbox is opened at`
        : "this request does not say it comes from snorq's own pages: a browser sends Origin; other clients use Authorization: Bearer instead of the session cookie",
    );
  });
}
