import { messengerConversationId } from '../ids.ts';
import { messagingCustomer } from '../meta/messaging-customer.ts';
import { registerGraphHost, registerMetaOAuth } from '../meta/register-meta-routes.ts';
import type { SimulatedPlatform } from '../simulated-platform.ts';

/**
 * Messenger (FACTS 2): a Facebook Page on graph.facebook.com. Everything it does is Meta's Graph
 * messaging, shared with Instagram in `meta/` (Send API, Conversations API, profiles, receipts,
 * echoes, customer events); Facebook Login and `subscribed_apps` are Meta's too.
 */
export const messenger: SimulatedPlatform = {
  platform: 'messenger',
  webhookPath: '/api/v1/webhooks/facebook',
  registerRoutes: registerGraphHost,
  registerOAuth: registerMetaOAuth,
  customer: messagingCustomer('messenger'),
  conversationId: () => messengerConversationId(),
};
