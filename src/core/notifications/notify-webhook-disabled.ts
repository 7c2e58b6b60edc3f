import type { Db } from '../../db/database.ts';
import type { Notification } from './decide-notifications.ts';
import { pushText } from './push-texts.ts';

/**
 * An outgoing webhook failed for 24 h and was disabled (src/core/outgoing-webhooks): every active
 * admin of the organisation is told, whatever their preferences, since nothing else reaches the
 * receiver until one of them enables it again. The page /settings/integrations shows it too.
 */
export async function webhookDisabledNotifications(db: Db, organizationId: number, subscription: { id: number; url: string; lastError: string }): Promise<Notification[]> {
  const admins = await db.selectFrom('users').select(['id', 'language']).where('organization_id', '=', organizationId).where('role', '=', 'admin').where('disabled_at', 'is', null).execute();
  const host = URL.canParse(subscription.url) ? new URL(subscription.url).host : subscription.url;
  return admins.map((admin) => ({
    userId: admin.id,
    payload: {
      trigger: 'webhookDisabled',
      title: pushText(admin.language, 'webhookDisabled', { host }),
      // The last error stays as the receiver or the network put it: it is what the admin checks.
      body: pushText(admin.language, 'webhookDisabledBody', { error: subscription.lastError }),
      url: '/settings/integrations',
      tag: `webhook-${subscription.id}`,
      conversationId: null,
    },
  }));
}
