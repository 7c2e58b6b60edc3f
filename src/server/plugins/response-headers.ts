import type { FastifyInstance } from 'fastify';

/**
 * Every response is `nosniff` (a browser never guesses a type snorq did not declare), and every
 * JSON answer is `cache-control: no-store`: API answers hold conversations, users and tokens,
 * which no shared cache, nor the browser's back/forward cache, may keep. A route that chose its
 * own caching for something else (media, the web app's assets) keeps it.
 */
export function secureResponseHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && /^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) reply.header('cache-control', 'no-store');
    return payload;
  });
}
