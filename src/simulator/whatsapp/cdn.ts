import type { FastifyInstance } from 'fastify';
import type { SimContext } from '../context.ts';
import { nowSeconds, queryOf, serve } from '../cdn/routes.ts';
import { cdnSignature, expiry } from '../cdn/urls.ts';
import { attribute } from '../server.ts';
import type { StoredMedia } from '../state/media.ts';

export const WHATSAPP_URL_TTL_S = 5 * 60;

/** WhatsApp: what `GET /{MEDIA_ID}` answers; valid 5 minutes, fetched with the Bearer token. */
export function whatsappCdnUrl(ctx: SimContext, media: StoredMedia): string {
  const ext = expiry(ctx, WHATSAPP_URL_TTL_S);
  return `${ctx.url}/cdn/whatsapp_business/attachments/?mid=${media.id}&ext=${ext}&hash=${cdnSignature(media.token, String(ext))}`;
}

/** WhatsApp's lookaside URL: the Bearer token of the owning number, 404 after 5 minutes. */
export function registerWhatsAppCdn(app: FastifyInstance, ctx: SimContext): void {
  app.get('/cdn/whatsapp_business/attachments/', async (req, reply) => {
    attribute(req, 'cdn');
    const { mid = '', ext = '', hash = '' } = queryOf(req);
    const media = ctx.media.byId(mid);
    if (!media || media.platform !== 'whatsapp' || hash !== cdnSignature(media.token, ext)) return reply.code(404).type('text/plain').send('Not Found');
    const account = ctx.accounts.find('whatsapp', media.accountId);
    const auth = req.headers.authorization ?? '';
    if (!account || auth !== `Bearer ${account.accessToken}`) return reply.code(401).type('text/html').send('<html><body>Unauthorized</body></html>');
    if (Number(ext) < nowSeconds(ctx)) return reply.code(404).type('text/plain').send('URL expired');
    return serve(reply, media);
  });
}
