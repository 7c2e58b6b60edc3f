import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimContext } from '../context.ts';
import { attribute } from '../server.ts';
import type { StoredMedia } from '../state/media.ts';
import { PROFILE_PICTURE } from '../state/sample-media.ts';
import { cdnSignature } from './urls.ts';

/**
 * The CDN hosts behind the platforms' media URLs (see cdn/urls.ts): Meta's signed scontent-style
 * URLs (no credentials, 403 once expired or tampered), WhatsApp's lookaside URL (Bearer token of
 * the owning number, 404 after 5 minutes), Twilio's CDN redirect target, TikTok's download URL
 * (`x-user: <access token>`), and profile pictures.
 */
export function registerCdnRoutes(app: FastifyInstance, ctx: SimContext): void {
  const nowS = (): number => Math.floor(ctx.now() / 1000);
  const q = (req: FastifyRequest): Record<string, string> => req.query as Record<string, string>;

  app.get('/cdn/meta/v/t1.15752-9/:file', async (req, reply) => {
    attribute(req, 'cdn');
    const token = (req.params as { file: string }).file.replace(/_n\.[a-z0-9]+$/, '');
    const media = ctx.media.byToken(token);
    const { oh = '', oe = '' } = q(req);
    if (!media || oh !== cdnSignature(token, oe)) return reply.code(403).type('text/plain').send('Bad URL hash');
    if (parseInt(oe, 16) < nowS()) return reply.code(403).type('text/plain').send('URL signature expired');
    return serve(reply, media);
  });

  app.get('/cdn/whatsapp_business/attachments/', async (req, reply) => {
    attribute(req, 'cdn');
    const { mid = '', ext = '', hash = '' } = q(req);
    const media = ctx.media.byId(mid);
    if (!media || media.platform !== 'whatsapp' || hash !== cdnSignature(media.token, ext)) return reply.code(404).type('text/plain').send('Not Found');
    const account = ctx.accounts.find('whatsapp', media.accountId);
    const auth = req.headers.authorization ?? '';
    if (!account || auth !== `Bearer ${account.accessToken}`) return reply.code(401).type('text/html').send('<html><body>Unauthorized</body></html>');
    if (Number(ext) < nowS()) return reply.code(404).type('text/plain').send('URL expired');
    return serve(reply, media);
  });

  app.get('/cdn/twilio/:token', async (req, reply) => {
    attribute(req, 'cdn');
    const media = ctx.media.byToken((req.params as { token: string }).token);
    const { Expires = '', Signature = '' } = q(req);
    if (!media || Signature !== cdnSignature(media.token, Expires)) return reply.code(403).type('application/xml').send('<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>');
    if (Number(Expires) < nowS()) return reply.code(403).type('application/xml').send('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
    return serve(reply, media);
  });

  app.get('/cdn/tiktok/:token', async (req, reply) => {
    attribute(req, 'cdn');
    const media = ctx.media.byToken((req.params as { token: string }).token);
    const { expires = '', sign = '' } = q(req);
    if (!media || sign !== cdnSignature(media.token, expires) || Number(expires) < nowS()) return reply.code(403).type('text/plain').send('Forbidden');
    const account = ctx.accounts.find('tiktok', media.accountId);
    if (!account || req.headers['x-user'] !== account.accessToken) return reply.code(401).type('text/plain').send('Unauthorized');
    return serve(reply, media);
  });

  app.get('/cdn/profile/*', async (req, reply) => {
    attribute(req, 'cdn');
    return reply.code(200).type('image/png').header('cache-control', 'max-age=1209600').send(PROFILE_PICTURE);
  });
}

function serve(reply: FastifyReply, media: StoredMedia): FastifyReply {
  reply.header('content-length', String(media.bytes.length));
  if (media.filename) reply.header('content-disposition', `inline; filename="${media.filename.replace(/"/g, '')}"`);
  return reply.code(200).type(media.mimeType).send(media.bytes);
}
