import { messengerConversationId } from './ids.ts';
import { META_ERROR_FAULTS } from '../meta/graph/errors.ts';
import { messagingCustomer } from '../meta/messaging-customer.ts';
import { registerGraphHost, registerMetaOAuth } from '../meta/register-meta-routes.ts';
import type { SimulatedPlatform } from '../simulated-platform.ts';
import { messengerSandbox } from './sandbox.ts';
import { clearMetaOAuth, metaOAuthControls } from '../meta/oauth-controls.ts';
import { metaCdnUrl, registerMetaCdn } from '../meta/cdn.ts';

/**
 * Messenger (FACTS 2): a Facebook Page on graph.facebook.com. Everything it does is Meta's Graph
 * messaging, shared with Instagram in `meta/` (Send API, Conversations API, profiles, receipts,
 * echoes, customer events); Facebook Login and `subscribed_apps` are Meta's too.
 */
export const messenger = {
  platform: 'messenger',
  webhookPath: '/api/v1/webhooks/facebook',
  baseUrls: (url: string) => ({ metaGraph: `${url}/graph`, metaOauth: `${url}/facebook` }),
  customerKinds: ['text', 'image', 'video', 'audio', 'file', 'sticker', 'location', 'reaction', 'unreact', 'edit', 'read', 'delivery', 'echo', 'postback', 'referral', 'unsupported'],
  registerRoutes: registerGraphHost,
  registerOAuth: registerMetaOAuth,
  customer: messagingCustomer('messenger'),
  conversationId: () => messengerConversationId(),
  oauthControls: metaOAuthControls,
  clearOAuth: clearMetaOAuth,
  customerMedia: { passesGivenUrl: true, url: metaCdnUrl },
  registerCdn: registerMetaCdn,
  sandbox: messengerSandbox,
  errorFaults: META_ERROR_FAULTS.messenger,
} as const satisfies SimulatedPlatform;
