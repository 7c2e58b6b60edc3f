import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { webhookAdapters, platformOfWebhookPath } from '../../channels/registry.ts';
import type { WebhookRequest } from '../../channels/types.ts';
import { appSigningSecrets, twilioAuthTokens, verifyTokensFor } from '../../core/channels/webhook-secrets.ts';
import { AppError } from '../../core/errors/app-error.ts';
import { createIngestBatcher } from '../../core/ingest/ingest-batcher.ts';
import type { Platform } from '../../db/schema.ts';

/**
 * `GET|POST /api/v1/webhooks/{facebook,instagram,whatsapp,twilio,tiktok}`.
 *
 * Order matters and is the point of this file: raw bytes → signature (401, nothing stored) →
 * journal, normalise and apply, committed (webhooks arriving together share one commit: see
 * src/core/ingest/ingest-batcher.ts) → 200. The raw-body parser lives in this plugin only.
 */
export async function webhookRoutes(app: FastifyInstance): Promise<void> {
  // Keep every body as the exact bytes received: signatures are over them, not over parsed JSON.
  app.removeAllContentTypeParsers();
  const batcher = createIngestBatcher({ db: app.ctx.db, adapters: webhookAdapters, log: app.log });
  app.addHook('onClose', () => batcher.stop());
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 3 * 1024 * 1024 }, (_req, body, done) => done(null, body));

  app.get<{ Params: { platform: string }; Querystring: Record<string, unknown> }>('/:platform', { schema: { hide: true } }, async (req, reply) => {
    const platform = platformFrom(req.params.platform);
    const adapter = webhookAdapters[platform];
    if (!adapter.handshake) throw new AppError('NOT_FOUND', `${req.params.platform} has no verification handshake`);
    // Either app's token confirms the subscription (Instagram: the Instagram app and the Facebook app).
    const tokens = verifyTokensFor(app.ctx.config, platform);
    const challenge = tokens.map((token) => adapter.handshake?.(req.query, token) ?? null).find((c) => c !== null) ?? null;
    if (challenge === null) return reply.status(403).type('text/plain').send('verification failed');
    return reply.type('text/plain').send(challenge);
  });

  // A POST without the platform's signature header cannot be genuine: refused before its body
  // (up to 3 MB) is read. The signature itself can only be checked over the whole body, below.
  const unsigned = async (req: FastifyRequest<{ Params: { platform: string } }>) => {
    const platform = platformOfWebhookPath(req.params.platform);
    if (platform && req.headers[SIGNATURE_HEADERS[platform]] === undefined) {
      req.log.warn({ platform, reason: `missing ${SIGNATURE_HEADERS[platform]} header` }, 'webhook signature rejected');
      throw new AppError('INVALID_SIGNATURE', 'the webhook signature is missing or wrong');
    }
  };

  app.post<{ Params: { platform: string } }>('/:platform', { schema: { hide: true }, onRequest: unsigned }, async (req, reply) => {
    const platform = platformFrom(req.params.platform);
    const adapter = webhookAdapters[platform];
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const webhook: WebhookRequest = { rawBody, headers: req.headers, publicUrl: `${app.ctx.config.publicUrl}${req.url}` };

    const secrets = adapter.signedWith === 'app' ? orNone(appSigningSecrets(app.ctx.config, platform)) : await accountSecrets(app, platform, webhook);
    const now = Date.now();
    const verdicts = secrets.map((s) => adapter.verify(webhook, s, now));
    if (!verdicts.some((v) => v.ok)) {
      const reason = verdicts.find((v) => !v.ok && 'reason' in v);
      req.log.warn({ platform, reason: reason && !reason.ok ? reason.reason : 'no signing secret' }, 'webhook signature rejected');
      throw new AppError('INVALID_SIGNATURE', 'the webhook signature is missing or wrong');
    }

    // Trusted now that the request is verified; journalled with the body for replays.
    const accountHint = adapter.accountHint?.(webhook);
    const answer = await batcher.submit({ platform, contentType: req.headers['content-type'], body: rawBody, ...(accountHint !== undefined && { accountHint }), receivedAt: new Date(now) });
    if ('malformed' in answer) throw new AppError('BAD_REQUEST', `the webhook body cannot be read: ${answer.malformed}`);
    if ('deferred' in answer) {
      // Journaled: the recovery job or an admin's replay applies it; the platform need not retry.
      req.log.error({ platform, journalId: answer.journalId, error: answer.deferred }, 'webhook processing failed; kept in the journal');
    } else {
      const { outcome } = answer;
      // the journal row keeps every webhook's outcome; the log speaks up only when one needs a look
      const level = outcome.state === 'processed' ? 'debug' : 'warn';
      req.log[level]({ platform, journalId: answer.journalId, state: outcome.state, applied: outcome.applied, failed: outcome.failed.length }, 'webhook processed');
      if (outcome.mediaToFetch.length > 0) app.ctx.onMediaToFetch?.(outcome.mediaToFetch);
      if (outcome.applied > 0) app.ctx.profiles?.wake();
    }
    return acknowledge(platform, reply);
  });
}

/** The header each platform signs its webhooks in (FACTS 1.2, 5.2, 6.1); the adapters check its value. */
const SIGNATURE_HEADERS: Record<Platform, string> = {
  messenger: 'x-hub-signature-256',
  instagram: 'x-hub-signature-256',
  whatsapp: 'x-hub-signature-256',
  twilio: 'x-twilio-signature',
  tiktok: 'tiktok-signature',
};

function platformFrom(segment: string): Platform {
  const platform = platformOfWebhookPath(segment);
  if (!platform) throw new AppError('NOT_FOUND', `unknown platform "${segment}"; use facebook, instagram, whatsapp, twilio or tiktok`);
  return platform;
}

/** No secret at all still gets a verdict (and its reason in the log): `[undefined]`. */
const orNone = (secrets: string[]): (string | undefined)[] => (secrets.length > 0 ? secrets : [undefined]);

async function accountSecrets(app: FastifyInstance, platform: Platform, webhook: WebhookRequest): Promise<(string | undefined)[]> {
  const hint = webhookAdapters[platform].accountHint?.(webhook);
  const tokens = hint ? await twilioAuthTokens(app.ctx.db, app.ctx.secretBox, hint) : [];
  return tokens.length > 0 ? tokens : [undefined];
}

/** Twilio expects TwiML (an empty Response sends no auto-reply); the others take any 200. */
function acknowledge(platform: Platform, reply: FastifyReply) {
  if (platform === 'twilio') return reply.type('text/xml').send('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
  return reply.type('text/plain').send('EVENT_RECEIVED');
}

