import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CHANNELS, channelOf, platformOfWebhookPath } from '../../channels/registry.ts';
import type { WebhookRequest } from '../../channels/types.ts';
import { verifyTokensFor, webhookSigningSecrets } from '../../core/channel-accounts/webhook-secrets.ts';
import { AppError } from '../../core/errors/app-error.ts';
import { createIngestBatcher } from '../../core/ingest/ingest-batcher.ts';
import type { Platform } from '../../db/schema.ts';

/**
 * `GET|POST /api/v1/webhooks/<segment>`, a segment of a platform's `webhook.paths`.
 *
 * Order matters and is the point of this file: raw bytes → signature (401, nothing stored) →
 * journal, normalise and apply, committed (webhooks arriving together share one commit: see
 * src/core/ingest/ingest-batcher.ts) → the platform's acknowledgement. Each step asks the
 * platform's definition (`webhook` section of src/channels/channel-definition.ts). The raw-body
 * parser lives in this plugin only.
 */
export async function webhookRoutes(app: FastifyInstance): Promise<void> {
  // Keep every body as the exact bytes received: signatures are over them, not over parsed JSON.
  app.removeAllContentTypeParsers();
  const batcher = createIngestBatcher({ db: app.ctx.db, log: app.log });
  app.addHook('onClose', () => batcher.stop());
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 3 * 1024 * 1024 }, (_req, body, done) => done(null, body));

  app.get<{ Params: { platform: string }; Querystring: Record<string, unknown> }>('/:platform', { schema: { hide: true } }, async (req, reply) => {
    const platform = platformFrom(req.params.platform);
    const handshake = channelOf(platform).webhook.handshake;
    if (!handshake) throw new AppError('NOT_FOUND', `${req.params.platform} has no verification handshake`);
    // Either app's token confirms the subscription (Instagram: the Instagram app and the Facebook app).
    const tokens = verifyTokensFor(app.ctx.config, platform);
    const challenge = tokens.map((token) => handshake.challenge(req.query, token)).find((c) => c !== null) ?? null;
    if (challenge === null) return reply.status(403).type('text/plain').send('verification failed');
    return reply.type('text/plain').send(challenge);
  });

  // A POST without the platform's signature header cannot be genuine: refused before its body
  // (up to 3 MB) is read. The signature itself can only be checked over the whole body, below.
  const unsigned = async (req: FastifyRequest<{ Params: { platform: string } }>) => {
    const platform = platformOfWebhookPath(req.params.platform);
    const header = platform && channelOf(platform).webhook.signatureHeader;
    if (header && req.headers[header] === undefined) {
      req.log.warn({ platform, reason: `missing ${header} header` }, 'webhook signature rejected');
      throw new AppError('INVALID_SIGNATURE', 'the webhook signature is missing or wrong');
    }
  };

  // No access line per accepted webhook (logLevel): at webhook rates writing it was ~7% of the
  // process's CPU per stored message (bench/FINDINGS.md), and the journal already keeps every
  // webhook with its outcome (GET /api/v1/webhook-events). Refusals and failures are still logged
  // (warn, error), with the request.
  app.post<{ Params: { platform: string } }>('/:platform', { schema: { hide: true }, onRequest: unsigned, logLevel: 'warn' }, async (req, reply) => {
    const platform = platformFrom(req.params.platform);
    const { webhook: definition } = channelOf(platform);
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const webhook: WebhookRequest = { rawBody, headers: req.headers, publicUrl: `${app.ctx.config.publicUrl}${req.url}` };

    const secrets = await webhookSigningSecrets(app.ctx, platform, webhook);
    const now = Date.now();
    // No secret at all still gets a verdict (and its reason in the log).
    const verdicts = (secrets.length > 0 ? secrets : [undefined]).map((s) => definition.verify(webhook, s, now));
    if (!verdicts.some((v) => v.ok)) {
      const reason = verdicts.find((v) => !v.ok && 'reason' in v);
      req.log.warn({ platform, reason: reason && !reason.ok ? reason.reason : 'no signing secret' }, 'webhook signature rejected');
      throw new AppError('INVALID_SIGNATURE', 'the webhook signature is missing or wrong');
    }

    // Trusted now that the request is verified; journalled with the body for replays.
    const accountHint = definition.accountHint?.(webhook);
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
      // Only a platform with a profile API leaves customers for the fetcher to ask about; its pass
      // is a read per batch otherwise wasted (bench/FINDINGS.md).
      if (outcome.applied > 0 && channelOf(platform).api.profile) app.ctx.profiles?.wake();
    }
    const ack = definition.acknowledgement.answer?.(rawBody) ?? definition.acknowledgement;
    return reply.type(ack.contentType).send(ack.body);
  });
}

const KNOWN_PATHS = CHANNELS.map((channel) => channel.webhook.paths[0]).join(', ');

function platformFrom(segment: string): Platform {
  const platform = platformOfWebhookPath(segment);
  if (!platform) throw new AppError('NOT_FOUND', `unknown platform "${segment}"; use ${KNOWN_PATHS}`);
  return platform;
}
