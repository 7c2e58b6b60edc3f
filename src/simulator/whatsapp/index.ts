import { registerGraphHost, registerMetaOAuth } from '../meta/register-meta-routes.ts';
import { META_ERROR_FAULTS } from '../meta/graph/errors.ts';
import type { SimulatedPlatform } from '../simulated-platform.ts';
import { whatsappCustomer } from './customer.ts';
import { whatsappSandbox } from './sandbox.ts';
import { clearMetaOAuth, metaOAuthControls } from '../meta/oauth-controls.ts';
import { registerWhatsAppCdn } from './cdn.ts';
import { waIdOf } from './numbers.ts';
import { graphNumericId } from '../ids.ts';

/**
 * WhatsApp Cloud API (FACTS 4): phone numbers and WABAs as nodes of graph.facebook.com (the Graph
 * dispatcher in `meta/graph/` hands them to `routes.ts` here), media, templates, statuses;
 * Embedded Signup is Facebook Login's dialog (`meta/`).
 */
export const whatsapp = {
  platform: 'whatsapp',
  webhookPath: '/api/v1/webhooks/whatsapp',
  // 'edit' then 'unsend' (revoke) name an earlier message in `replyTo`; 'system' (a number change) comes last: the customer has a new number after it
  customerKinds: [
    'text',
    'image',
    'video',
    'audio',
    'file',
    'sticker',
    'location',
    'contacts',
    'reaction',
    'unreact',
    'button',
    'interactive',
    'order',
    'edit',
    'unsend',
    'read',
    'delivery',
    'unsupported',
    'system',
  ],
  registerRoutes: registerGraphHost,
  registerOAuth: registerMetaOAuth,
  customer: whatsappCustomer,
  oauthControls: metaOAuthControls,
  clearOAuth: clearMetaOAuth,
  customerKey: waIdOf,
  customerMedia: { mintId: graphNumericId },
  registerCdn: registerWhatsAppCdn,
  sandbox: whatsappSandbox,
  errorFaults: META_ERROR_FAULTS.whatsapp,
} as const satisfies SimulatedPlatform;
