import { registerGraphHost, registerMetaOAuth } from '../meta/register-meta-routes.ts';
import type { SimulatedPlatform } from '../simulated-platform.ts';
import { whatsappCustomer } from './customer.ts';

/**
 * WhatsApp Cloud API (FACTS 4): phone numbers and WABAs as nodes of graph.facebook.com (the Graph
 * dispatcher in `meta/graph/` hands them to `routes.ts` here), media, templates, statuses;
 * Embedded Signup is Facebook Login's dialog (`meta/`).
 */
export const whatsapp: SimulatedPlatform = {
  platform: 'whatsapp',
  webhookPath: '/api/v1/webhooks/whatsapp',
  registerRoutes: registerGraphHost,
  registerOAuth: registerMetaOAuth,
  customer: whatsappCustomer,
};
