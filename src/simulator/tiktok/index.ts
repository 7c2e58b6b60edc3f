import { graphNumericId } from '../ids.ts';
import { tiktokConversationId } from './ids.ts';
import { clearTikTokOAuth } from './oauth-state.ts';
import type { FastifyInstance } from 'fastify';
import type { SimContext } from '../context.ts';
import type { SimulatedPlatform } from '../simulated-platform.ts';
import { registerTikTokOAuth } from './business-auth.ts';
import { tiktokCustomer } from './customer.ts';
import { registerTikTokRoutes } from './routes.ts';
import { tiktokSandbox } from './sandbox.ts';
import { tiktokOAuthControls } from './oauth-controls.ts';
import { registerTikTokCdn } from './cdn.ts';

/** TikTok Business Messaging (FACTS 6): business-api.tiktok.com, its authorisation and webhook registration. */
export const tiktok = {
  platform: 'tiktok',
  webhookPath: '/api/v1/webhooks/tiktok',
  baseUrls: (url: string) => ({ tiktok: `${url}/tiktok`, tiktokAuth: `${url}/tiktok-auth` }),
  customerKinds: ['text', 'image', 'video', 'sticker', 'share', 'emoji', 'read', 'echo', 'card', 'eu_notice', 'unsupported'],
  registerRoutes: registerTikTokRoutes,
  registerOAuth: (app: FastifyInstance, ctx: SimContext) => registerTikTokOAuth(app, ctx, ctx.oauth),
  customer: tiktokCustomer,
  conversationId: (accountId: string, customerId: string) => tiktokConversationId(accountId, customerId),
  oauthControls: tiktokOAuthControls,
  clearOAuth: clearTikTokOAuth,
  customerMedia: { mintId: () => `v10044g50000${graphNumericId()}` },
  registerCdn: registerTikTokCdn,
  sandbox: tiktokSandbox,
  errorFaults: ['40001'],
} as const satisfies SimulatedPlatform;
