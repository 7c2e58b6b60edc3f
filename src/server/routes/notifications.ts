import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Ok } from '../../contract/common.ts';
import { withErrors } from '../../contract/errors.ts';
import {
  CreatedPushSubscription,
  NewPushSubscription,
  NotificationPreferencesChange,
  NotificationPreferencesResult,
  PushSubscriptionList,
  PushSubscriptionParams,
  UnreadCount,
  VapidPublicKey,
} from '../../contract/notifications.ts';
import { AppError, notFound } from '../../core/errors/app-error.ts';
import { getPreferences, updatePreferences } from '../../core/notifications/notification-preferences.ts';
import { allowedPushService } from '../../core/notifications/push-endpoints.ts';
import { listPushSubscriptions, removePushSubscription, savePushSubscription } from '../../core/notifications/push-subscriptions.ts';
import { vapidKeysOnce } from '../../core/notifications/vapid-keys.ts';

/** A signed-in user's notifications: their preferences, their devices' push subscriptions, the tab title's count. */
export async function notificationRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const { db, config, secretBox } = app.ctx;
  const vapidKeys = app.ctx.vapidKeys ?? vapidKeysOnce(config, db, secretBox);

  const prefs = { tags: ['notifications'], response: withErrors({ 200: NotificationPreferencesResult }) };
  app.get('/me/notification-preferences', { schema: { ...prefs, summary: 'What notifies me (in the app and by push)' } }, async (req) => ({
    preferences: await getPreferences(db, req.principal.organizationId, req.principal.userId),
  }));
  app.patch('/me/notification-preferences', { schema: { ...prefs, summary: 'Change what notifies me; what is not sent stays', body: NotificationPreferencesChange } }, async (req) => ({
    preferences: await updatePreferences(db, req.principal.organizationId, req.principal.userId, req.body),
  }));

  app.get(
    '/me/unread-count',
    { schema: { tags: ['notifications'], summary: 'Conversations with unread messages assigned to me or to nobody, not resolved', response: withErrors({ 200: UnreadCount }) } },
    async (req) => {
      const row = await db
        .selectFrom('conversations')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('organization_id', '=', req.principal.organizationId)
        .where('unread_count', '>', 0)
        .where('status', '!=', 'resolved')
        .where((eb) => eb.or([eb('assignee_id', 'is', null), eb('assignee_id', '=', req.principal.userId)]))
        .executeTakeFirstOrThrow();
      return { conversations: Number(row.n) };
    },
  );

  app.get(
    '/push-subscriptions/vapid-public-key',
    { schema: { tags: ['notifications'], summary: "The key a browser subscribes to snorq's pushes with", response: withErrors({ 200: VapidPublicKey }) } },
    async () => ({
      publicKey: (await vapidKeys()).publicKey,
    }),
  );

  app.get('/push-subscriptions', { schema: { tags: ['notifications'], summary: 'My devices that receive pushes', response: withErrors({ 200: PushSubscriptionList }) } }, async (req) => {
    const rows = await listPushSubscriptions(db, req.principal.organizationId, req.principal.userId);
    return {
      subscriptions: rows.map(({ endpoint, tokenId, ...r }) => ({ ...r, service: new URL(endpoint).hostname, current: tokenId === req.principal.tokenId })),
    };
  });

  app.post(
    '/push-subscriptions',
    {
      schema: {
        tags: ['notifications'],
        summary: "Receive pushes on this device (a browser's PushSubscription); signing out of this session stops them",
        body: NewPushSubscription,
        response: withErrors({ 201: CreatedPushSubscription }),
      },
    },
    async (req, reply) => {
      const { endpoint, keys } = req.body;
      if (!allowedPushService(endpoint, config.PUSH_SERVICE_HOSTS)) throw new AppError('VALIDATION_FAILED', 'the endpoint is not a known push service', { field: 'endpoint' });
      const { organizationId, userId, tokenId } = req.principal;
      const id = await savePushSubscription(db, { organizationId, userId, tokenId }, { endpoint, ...keys, userAgent: req.headers['user-agent'] });
      return reply.status(201).send({ id });
    },
  );

  app.delete(
    '/push-subscriptions/:id',
    { schema: { tags: ['notifications'], summary: 'Stop pushes to one of my devices', params: PushSubscriptionParams, response: withErrors({ 200: Ok }) } },
    async (req) => {
      if (!(await removePushSubscription(db, req.principal.organizationId, req.principal.userId, req.params.id))) throw notFound('push subscription');
      return { ok: true as const };
    },
  );
}
