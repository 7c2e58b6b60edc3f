import type { FastifyInstance } from 'fastify';
import type { SimContext } from '../context.ts';
import { nowSeconds, queryOf, serve } from '../cdn/routes.ts';
import { cdnSignature, expiry } from '../cdn/urls.ts';
import { attribute } from '../server.ts';
import type { StoredMedia } from '../state/media.ts';

export const TIKTOK_URL_TTL_S = 3600;

/** TikTok `data.download_url`: fetched with `x-user: <access token>`. */
export function tiktokDownloadUrl(ctx: SimContext, media: StoredMedia): string {
  const expires = expiry(ctx, TIKTOK_URL_TTL_S);
  return `${ctx.url}/cdn/tiktok/${media.token}?expires=${expires}&sign=${cdnSignature(media.token, String(expires))}`;
}

/** TikTok's download URL: signed, expiring, fetched with `x-user: <access token>`. */
export function registerTikTokCdn(app: FastifyInstance, ctx: SimContext): void {
  app.get('/cdn/tiktok/:token', async (req, reply) => {
    attribute(req, 'cdn');
    const media = ctx.media.byToken((req.params as { token: string }).token);
    const { expires = '', sign = '' } = queryOf(req);
    if (!media || sign !== cdnSignature(media.token, expires) || Number(expires) < nowSeconds(ctx)) return reply.code(403).type('text/plain').send('Forbidden');
    const account = ctx.accounts.find('tiktok', media.accountId);
    if (!account || req.headers['x-user'] !== account.accessToken) return reply.code(401).type('text/plain').send('Unauthorized');
    return serve(reply, media);
  });
}
