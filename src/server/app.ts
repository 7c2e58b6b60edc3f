import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { LOG_REDACT_PATHS } from '../config/config.ts';
import type { AppContext } from './context.ts';
import { installErrorHandler } from './plugins/error-handler.ts';
import { parseJsonWithDepthLimit } from './plugins/json-body.ts';
import { requireSameOrigin } from './plugins/require-same-origin.ts';
import { secureResponseHeaders } from './plugins/response-headers.ts';
import { refuseUnstorableText } from './plugins/refuse-unstorable-text.ts';
import { loggedRequest } from './plugins/request-log.ts';
import { requireAuthentication } from './plugins/authenticate.ts';
import { authRoutes } from './routes/auth.ts';
import { healthRoutes } from './routes/health.ts';
import { userRoutes } from './routes/users.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { conversationRoutes } from './routes/conversations.ts';
import { conversationBulkRoutes } from './routes/conversation-bulk.ts';
import { messageRoutes } from './routes/messages.ts';
import { messageActionRoutes } from './routes/message-actions.ts';
import { searchRoutes } from './routes/search.ts';
import { channelRoutes } from './routes/channels.ts';
import { teamRoutes } from './routes/team.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { exportRoutes } from './routes/export.ts';
import { teamsRoutes } from './routes/teams.ts';
import { attachmentRoutes, mediaRoutes } from './routes/media.ts';
import { journalRoutes } from './routes/journal.ts';
import { labelRoutes } from './routes/labels.ts';
import { organizationRoutes } from './routes/organization.ts';
import { automationRoutes } from './routes/automation.ts';
import { profileRoutes, userAvatarRoutes } from './routes/profile.ts';
import { presenceRoutes } from './routes/presence.ts';
import { oauthRoutes } from './routes/oauth.ts';
import { webAppRoutes } from './routes/web-app.ts';
import { syncRoutes } from './routes/sync.ts';
import { avatarRoutes } from './routes/avatars.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { meRoutes } from './routes/me.ts';
import { auditLogRoutes } from './routes/audit-log.ts';
import { platformRoutes } from './routes/platforms.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { suggestionRoutes } from './routes/suggestions.ts';
import { aiConversationRoutes, aiSettingsRoutes } from './routes/ai.ts';
import { contactRoutes } from './routes/contacts.ts';
import { contactAttributeRoutes } from './routes/contact-records.ts';
import { webhookSubscriptionRoutes } from './routes/webhook-subscriptions.ts';

/** What fastify refuses before routing (a URL that is not valid percent-encoding), in the one error shape. */
function frameworkErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  void reply.status(err.statusCode && err.statusCode < 500 ? err.statusCode : 400).send({ error: { code: 'BAD_REQUEST', message: err.message } });
}

/**
 * One access line per request, written when it completes (with the request, the status and the
 * time), instead of fastify's "incoming request" + "request completed" pair: at webhook rates the
 * log was a tenth of the process's CPU. Errors are still logged as fastify does.
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

/** The largest body of a JSON API request (256 KB); webhooks and uploads have their own limits. */
export const API_BODY_LIMIT = 256 * 1024;

export interface BuildAppOptions {
  /** A pino logger to share with the rest of the process; by default the app makes its own. */
  logger?: FastifyBaseLogger;
  /** Where the built web app is (tests serve a stand-in); by default web/dist. */
  webDist?: string;
}

/**
 * The whole HTTP app as one Fastify instance that tests drive with `inject()` and src/main.ts
 * makes listen. Public routes (health, login, webhooks, OpenAPI) are registered first; every
 * other /api route lives in a scope that demands a token.
 */
export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    // Request lines without the secrets a query string may carry (request-log.ts).
    ...(options.logger
      ? { loggerInstance: options.logger.child({}, { serializers: { req: loggedRequest } }) }
      : { logger: { level: ctx.config.LOG_LEVEL, redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' }, serializers: { req: loggedRequest } } }),
    // Every JSON (and form) body the API takes is small; routes that need more say so themselves:
    // webhooks (3 MB, their own parser in webhooks.ts) and uploads (multipart, per-type caps in
    // upload-policy.ts). A larger body is refused by its Content-Length before it is read (413).
    bodyLimit: API_BODY_LIMIT,
    // X-Forwarded-For is believed only from the proxies TRUST_PROXY names (by default one on this
    // machine or a private network: nginx, a load balancer in the VPC, a container network); with
    // `true`, any client on the internet could name its own address and step around the sign-in
    // rate limits.
    trustProxy: ctx.config.TRUST_PROXY,
    frameworkErrors,
    logController: new OneLinePerRequest(),
  });
  app.decorate('ctx', ctx);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  refuseUnstorableText(app);
  parseJsonWithDepthLimit(app);
  secureResponseHeaders(app);

  await app.register(cookie);
  // After the cookie plugin (it reads the session cookie), before any route reads a body.
  requireSameOrigin(app);
  // preHandler, so that a route's key may use the parsed body
  await app.register(rateLimit, { global: false, hook: 'preHandler' });
  await app.register(swagger, {
    openapi: {
      info: { title: 'snorq API', version: '1', description: 'The unified inbox API: conversations, messages, channels, webhooks.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'snorq_session' } } },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });

  await app.register(healthRoutes);
  await app.register(authRoutes, { prefix: '/api/v1/auth' });
  await app.register(webhookRoutes, { prefix: '/api/v1/webhooks' });
  await app.register(mediaRoutes, { services: ctx.media });
  await app.register(oauthRoutes, { prefix: '/api/v1/platforms' });

  await app.register(async (api) => {
    requireAuthentication(api);
    await api.register(userRoutes, { prefix: '/api/v1/users' });
    await api.register(tokenRoutes, { prefix: '/api/v1/tokens' });
    await api.register(sessionRoutes, { prefix: '/api/v1/sessions' });
    await api.register(meRoutes, { prefix: '/api/v1/me' });
    await api.register(auditLogRoutes, { prefix: '/api/v1/audit-log' });
    await api.register(conversationRoutes, { prefix: '/api/v1/conversations' });
    await api.register(conversationBulkRoutes, { prefix: '/api/v1/conversations' });
    await api.register(suggestionRoutes, { prefix: '/api/v1/conversations' });
    await api.register(aiConversationRoutes, { prefix: '/api/v1/conversations' });
    await api.register(aiSettingsRoutes, { prefix: '/api/v1/ai' });
    await api.register(messageRoutes);
    await api.register(messageActionRoutes);
    await api.register(syncRoutes);
    await api.register(avatarRoutes, { services: ctx.media });
    await api.register(searchRoutes, { prefix: '/api/v1/search' });
    await api.register(channelRoutes, { prefix: '/api/v1/channels' });
    await api.register(platformRoutes, { prefix: '/api/v1/platforms' });
    await api.register(teamRoutes, { prefix: '/api/v1' });
    await api.register(metricsRoutes, { prefix: '/api/v1' });
    await api.register(exportRoutes, { prefix: '/api/v1/export' });
    await api.register(teamsRoutes, { prefix: '/api/v1' });
    await api.register(attachmentRoutes, { services: ctx.media });
    await api.register(journalRoutes, { prefix: '/api/v1/webhook-events' });
    await api.register(notificationRoutes, { prefix: '/api/v1' });
    await api.register(contactRoutes, { prefix: '/api/v1/contacts', services: ctx.media });
    await api.register(contactAttributeRoutes, { prefix: '/api/v1/contact-attributes' });
    await api.register(labelRoutes, { prefix: '/api/v1/labels' });
    await api.register(organizationRoutes, { prefix: '/api/v1/organization' });
    await api.register(automationRoutes, { prefix: '/api/v1/automation' });
    await api.register(profileRoutes, { prefix: '/api/v1/me' });
    await api.register(userAvatarRoutes, { prefix: '/api/v1/users' });
    await api.register(webhookSubscriptionRoutes, { prefix: '/api/v1/webhook-subscriptions' });
    await api.register(presenceRoutes, { prefix: '/api/v1/me' });
  });

  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(webAppRoutes, { dist: options.webDist });
  return app;
}
