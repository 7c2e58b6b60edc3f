import type { FastifyInstance } from 'fastify';
import type { SimContext } from '../context.ts';
import { nowSeconds, queryOf, serve } from '../cdn/routes.ts';
import { cdnSignature, expiry } from '../cdn/urls.ts';
import { attribute } from '../server.ts';
import type { StoredMedia } from '../state/media.ts';

export const TWILIO_CDN_TTL_S = 4 * 3600;

/** Twilio `MediaUrl{N}`: the API resource, behind Basic auth; it redirects to twilioCdnUrl. */
export const twilioMediaUrl = (ctx: SimContext, media: StoredMedia): string => `${ctx.url}/twilio/2010-04-01/Accounts/${media.accountId}/Messages/${media.messageSid ?? ''}/Media/${media.id}`;

export function twilioCdnUrl(ctx: SimContext, media: StoredMedia): string {
  const expires = expiry(ctx, TWILIO_CDN_TTL_S);
  return `${ctx.url}/cdn/twilio/${media.token}?Expires=${expires}&Signature=${cdnSignature(media.token, String(expires))}`;
}

/** Twilio's CDN, where the Media resource redirects: signed and expiring, no credentials. */
export function registerTwilioCdn(app: FastifyInstance, ctx: SimContext): void {
  app.get('/cdn/twilio/:token', async (req, reply) => {
    attribute(req, 'cdn');
    const media = ctx.media.byToken((req.params as { token: string }).token);
    const { Expires = '', Signature = '' } = queryOf(req);
    if (!media || Signature !== cdnSignature(media.token, Expires)) return reply.code(403).type('application/xml').send('<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>');
    if (Number(Expires) < nowSeconds(ctx)) return reply.code(403).type('application/xml').send('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
    return serve(reply, media);
  });
}
