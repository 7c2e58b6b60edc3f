import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Ok } from '../../contract/common.ts';
import { withErrors } from '../../contract/errors.ts';
import {
  CreatedWebhookSubscription,
  NewWebhookSubscription,
  WebhookDeliveryList,
  WebhookDeliveryParams,
  WebhookDeliveryQuery,
  WebhookDeliveryResult,
  WebhookSubscriptionList,
  WebhookSubscriptionParams,
  WebhookSubscriptionResult,
} from '../../contract/webhook-subscriptions.ts';
import { recordAudit } from '../../core/audit/record-audit.ts';
import { targetPolicyOf } from '../../core/outgoing-webhooks/check-target-url.ts';
import { listDeliveries, redeliver } from '../../core/outgoing-webhooks/manage-deliveries.ts';
import { createSubscription, deleteSubscription, enableSubscription, listSubscriptions } from '../../core/outgoing-webhooks/manage-subscriptions.ts';
import { requireAdmin } from '../plugins/authenticate.ts';

/** Outgoing webhooks (admins only, checked here): subscriptions, their delivery log, "send again". */
export async function webhookSubscriptionRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const { db, config, secretBox } = app.ctx;
  const target = { policy: targetPolicyOf(config), timeoutMs: config.WEBHOOK_TIMEOUT_MS };
  const tags = ['webhook-subscriptions'];
  const audit = (req: { log: { error(o: object, m: string): void } }) => (err: unknown) => req.log.error({ err }, 'could not write the audit log');

  app.addHook('preHandler', async (req) => requireAdmin(req));

  app.get('/', { schema: { tags, summary: "The organisation's outgoing webhooks", response: withErrors({ 200: WebhookSubscriptionList }) } }, async (req) => ({
    subscriptions: await listSubscriptions(db, req.principal.organizationId),
  }));

  app.post(
    '/',
    {
      schema: {
        tags,
        summary: 'Subscribe a URL to events; it must be https (outside development), public, and answer a signed ping. The secret is shown once',
        body: NewWebhookSubscription,
        response: withErrors({ 201: CreatedWebhookSubscription }),
      },
    },
    async (req, reply) => {
      const { organizationId, userId } = req.principal;
      const created = await createSubscription(db, secretBox, target, { ...req.body, organizationId, createdBy: userId });
      await recordAudit(
        db,
        { organizationId, action: 'webhook-subscription.created', actorUserId: userId, ip: req.ip, details: { subscriptionId: created.subscription.id, url: created.subscription.url } },
        audit(req),
      );
      return reply.status(201).send(created);
    },
  );

  app.delete('/:id', { schema: { tags, summary: 'Remove a subscription and its delivery log', params: WebhookSubscriptionParams, response: withErrors({ 200: Ok }) } }, async (req) => {
    const { organizationId, userId } = req.principal;
    const gone = await deleteSubscription(db, organizationId, req.params.id);
    await recordAudit(db, { organizationId, action: 'webhook-subscription.deleted', actorUserId: userId, ip: req.ip, details: { subscriptionId: req.params.id, url: gone.url } }, audit(req));
    return { ok: true as const };
  });

  app.post(
    '/:id/enable',
    { schema: { tags, summary: 'Deliver again to a subscription disabled after 24 h of failures', params: WebhookSubscriptionParams, response: withErrors({ 200: WebhookSubscriptionResult }) } },
    async (req) => {
      const subscription = await enableSubscription(db, req.principal.organizationId, req.params.id);
      app.ctx.webhooks?.wake();
      return { subscription };
    },
  );

  app.get(
    '/:id/deliveries',
    {
      schema: {
        tags,
        summary: "A subscription's deliveries, newest first: state, attempts, last status, error and response time",
        params: WebhookSubscriptionParams,
        querystring: WebhookDeliveryQuery,
        response: withErrors({ 200: WebhookDeliveryList }),
      },
    },
    async (req) => listDeliveries(db, req.principal.organizationId, req.params.id, req.query),
  );

  app.post(
    '/:id/deliveries/:deliveryId/redeliver',
    { schema: { tags, summary: 'Send a delivery again (same body and id), now', params: WebhookDeliveryParams, response: withErrors({ 200: WebhookDeliveryResult }) } },
    async (req) => {
      const delivery = await redeliver(db, req.principal.organizationId, req.params.id, req.params.deliveryId, new Date());
      app.ctx.webhooks?.wake();
      return { delivery };
    },
  );
}
