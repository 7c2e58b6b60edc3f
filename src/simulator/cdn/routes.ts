import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimContext } from '../context.ts';
import type { SimulatedPlatform } from '../simulated-platform.ts';
import { attribute } from '../server.ts';
import type { StoredMedia } from '../state/media.ts';
import { PROFILE_PICTURE } from '../state/sample-media.ts';

/**
 * The CDN hosts behind the platforms' media URLs (see cdn/urls.ts): each platform's own
 * (`registerCdn`, its folder's cdn.ts: how it signs, expires and guards its URLs), and the
 * profile pictures they share.
 */

/** Seconds since the epoch, as the CDN URLs' expiries count. */
export const nowSeconds = (ctx: SimContext): number => Math.floor(ctx.now() / 1000);

export const queryOf = (req: FastifyRequest): Record<string, string> => req.query as Record<string, string>;
export function registerCdnRoutes(app: FastifyInstance, ctx: SimContext, platforms: readonly SimulatedPlatform[]): void {
  for (const platform of platforms) platform.registerCdn?.(app, ctx);
  app.get('/cdn/profile/*', async (req, reply) => {
    attribute(req, 'cdn');
    return reply.code(200).type('image/png').header('cache-control', 'max-age=1209600').send(PROFILE_PICTURE);
  });
}

export function serve(reply: FastifyReply, media: StoredMedia): FastifyReply {
  reply.header('content-length', String(media.bytes.length));
  if (media.filename) reply.header('content-disposition', `inline; filename="${media.filename.replace(/"/g, '')}"`);
  return reply.code(200).type(media.mimeType).send(media.bytes);
}
