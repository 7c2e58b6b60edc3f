import type { FastifyInstance } from 'fastify';
import type { SimContext } from '../context.ts';
import { nowSeconds, queryOf, serve } from '../cdn/routes.ts';
import { cdnSignature, expiry } from '../cdn/urls.ts';
import { attribute } from '../server.ts';
import type { StoredMedia } from '../state/media.ts';
import { registerOnce } from '../server.ts';
import { extensionFor } from '../state/sample-media.ts';

export const META_CDN_TTL_S = 3 * 24 * 3600;

/** Messenger/Instagram `payload.url` (scontent/lookaside look-alike): signed `oh`, hex expiry `oe`, no credentials. */
export function metaCdnUrl(ctx: SimContext, media: StoredMedia): string {
  const oe = expiry(ctx, META_CDN_TTL_S).toString(16).toUpperCase();
  return `${ctx.url}/cdn/meta/v/t1.15752-9/${media.token}_n.${extensionFor(media.mimeType)}?_nc_cat=1&oh=${cdnSignature(media.token, oe)}&oe=${oe}`;
}

/** Meta's signed scontent-style URLs: no credentials, 403 once expired or tampered. Once per server (Messenger and Instagram share it). */
export function registerMetaCdn(app: FastifyInstance, ctx: SimContext): void {
  registerOnce(app, 'meta-cdn', () => {
    app.get('/cdn/meta/v/t1.15752-9/:file', async (req, reply) => {
      attribute(req, 'cdn');
      const token = (req.params as { file: string }).file.replace(/_n\.[a-z0-9]+$/, '');
      const media = ctx.media.byToken(token);
      const { oh = '', oe = '' } = queryOf(req);
      if (!media || oh !== cdnSignature(token, oe)) return reply.code(403).type('text/plain').send('Bad URL hash');
      if (parseInt(oe, 16) < nowSeconds(ctx)) return reply.code(403).type('text/plain').send('URL signature expired');
      return serve(reply, media);
    });
  });
}
