import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

/** Pages of the single-page app; each serves index.html and the client routes from there. */
const PAGES = ['/', '/inbox', '/inbox/*', '/dashboard', '/settings', '/settings/*'];

/**
 * Strict by default: scripts and styles from snorq only, media from snorq (blob: for previews),
 * sockets to snorq, no framing. Message content is rendered as text by React; this is the second
 * line of defence.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self' ws: wss:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** Serves the inbox UI built into web/dist (npm start builds it when missing or stale). */
export async function webAppRoutes(app: FastifyInstance): Promise<void> {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, async (_req, reply) =>
      reply.type('text/plain').send('snorq is running, but the web app is not built: run `npm run build:web` (npm start does it for you).'),
    );
    return;
  }
  app.addHook('onSend', async (req, reply, payload) => {
    if (!req.url.startsWith('/api/') && !req.url.startsWith('/media/')) {
      reply.header('content-security-policy', CSP);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'same-origin');
    }
    return payload;
  });
  await app.register(fastifyStatic, { root: path.join(DIST, 'assets'), prefix: '/assets/', immutable: true, maxAge: '365d', decorateReply: true });
  const index = fs.readFileSync(path.join(DIST, 'index.html'));
  for (const page of PAGES) {
    app.get(page, { schema: { hide: true } }, async (_req, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(index));
  }
  for (const file of fs.readdirSync(DIST).filter((f) => f !== 'index.html' && fs.statSync(path.join(DIST, f)).isFile())) {
    app.get(`/${file}`, { schema: { hide: true } }, async (_req, reply) => reply.sendFile(file, DIST));
  }
}
