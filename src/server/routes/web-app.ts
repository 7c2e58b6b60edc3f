import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config/config.ts';

const BUILT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

/** Pages of the single-page app; each serves index.html and the client routes from there. */
const PAGES = ['/', '/inbox', '/inbox/*', '/dashboard', '/settings', '/settings/*', '/contacts', '/contacts/*'];

/**
 * Strict by default: scripts and styles from snorq only, media from snorq (blob: for previews),
 * sockets to snorq, no framing. Message content is rendered as text by React; this is the second
 * line of defence. `connect-src` names snorq's own WebSocket origin (`wss://` for an https
 * PUBLIC_URL): `'self'` alone does not cover ws:/wss: in every browser, and a bare `wss:` would
 * let an injected script talk to any host. Where the page's own origin counts as snorq's
 * (development, or no PUBLIC_URL: see require-same-origin.ts), the page's own socket origin too.
 */
export function contentSecurityPolicy(config: Config, page?: { protocol: string; host: string | undefined }): string {
  const sockets = new Set([socketOrigin(config.publicUrl)]);
  if (page?.host && (config.NODE_ENV !== 'production' || config.PUBLIC_URL === undefined) && /^[a-z0-9.:[\]-]+$/i.test(page.host)) {
    sockets.add(`${page.protocol === 'https' ? 'wss' : 'ws'}://${page.host.toLowerCase()}`);
  }
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    `connect-src 'self' ${[...sockets].join(' ')}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** https://inbox.example.com → wss://inbox.example.com (the port, if any, kept). */
function socketOrigin(url: string): string {
  const { protocol, host } = new URL(url);
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}`;
}

/** Serves the inbox UI built into web/dist (npm start builds it when missing or stale). */
export async function webAppRoutes(app: FastifyInstance, opts: { dist?: string } = {}): Promise<void> {
  const dist = opts.dist ?? BUILT;
  if (!fs.existsSync(path.join(dist, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, async (_req, reply) =>
      reply.type('text/plain').send('snorq is running, but the web app is not built: run `npm run build:web` (npm start does it for you).'),
    );
    return;
  }
  app.addHook('onSend', async (req, reply, payload) => {
    if (!req.url.startsWith('/api/') && !req.url.startsWith('/media/')) {
      reply.header('content-security-policy', contentSecurityPolicy(app.ctx.config, { protocol: req.protocol, host: req.headers.host }));
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'same-origin');
    }
    return payload;
  });
  // Scripts and style sheets go out as the build compressed them (scripts/build-web.js writes a
  // .br and a .gz beside each) to browsers that take it. @fastify/static does not say that the
  // answer depends on Accept-Encoding: without `Vary`, a shared cache in front of snorq could keep
  // the brotli answer for a year and give it to a client that cannot read it.
  await app.register(fastifyStatic, {
    root: path.join(dist, 'assets'),
    prefix: '/assets/',
    preCompressed: true,
    setHeaders: (res) => res.setHeader('vary', 'accept-encoding'),
    immutable: true,
    maxAge: '365d',
    decorateReply: true,
  });
  const index = fs.readFileSync(path.join(dist, 'index.html'));
  for (const page of PAGES) {
    app.get(page, { schema: { hide: true } }, async (_req, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(index));
  }
  // Dotfiles are the build's own (scripts/build-web.js stamps what it built), not the app's.
  for (const file of fs.readdirSync(dist).filter((f) => f !== 'index.html' && !f.startsWith('.') && fs.statSync(path.join(dist, f)).isFile())) {
    app.get(`/${file}`, { schema: { hide: true } }, async (_req, reply) => reply.sendFile(file, dist));
  }
}
