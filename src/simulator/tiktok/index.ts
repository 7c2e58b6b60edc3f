import { tiktokConversationId } from '../ids.ts';
import type { SimulatedPlatform } from '../simulated-platform.ts';
import { registerTikTokOAuth } from './business-auth.ts';
import { tiktokCustomer } from './customer.ts';
import { registerTikTokRoutes } from './routes.ts';

/** TikTok Business Messaging (FACTS 6): business-api.tiktok.com, its authorisation and webhook registration. */
export const tiktok: SimulatedPlatform = {
  platform: 'tiktok',
  webhookPath: '/api/v1/webhooks/tiktok',
  registerRoutes: registerTikTokRoutes,
  registerOAuth: (app, ctx) => registerTikTokOAuth(app, ctx, ctx.oauth),
  customer: tiktokCustomer,
  conversationId: (accountId, customerId) => tiktokConversationId(accountId, customerId),
};
