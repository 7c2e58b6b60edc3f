import type { FastifyInstance } from 'fastify';
import { META_ERROR_FAULTS } from '../meta/graph/errors.ts';
import type { SimContext } from '../context.ts';
import { instagramConversationId } from './ids.ts';
import { messagingCustomer } from '../meta/messaging-customer.ts';
import { registerGraphHost, registerMetaOAuth } from '../meta/register-meta-routes.ts';
import type { SimulatedPlatform } from '../simulated-platform.ts';
import { registerInstagramOAuth } from './instagram-login.ts';
import { registerInstagramRoutes } from './routes.ts';
import { instagramSandbox } from './sandbox.ts';
import { clearInstagramOAuth } from './oauth-state.ts';
import { instagramOAuthControls } from './oauth-controls.ts';
import { metaCdnUrl, registerMetaCdn } from '../meta/cdn.ts';

/**
 * Instagram (FACTS 3): reached through its linked Page on graph.facebook.com (Facebook Login,
 * path A) or on graph.instagram.com (Instagram Login, path B); its messaging is Meta's Graph
 * messaging, shared with Messenger in `meta/`.
 */
export const instagram = {
  platform: 'instagram',
  webhookPath: '/api/v1/webhooks/instagram',
  baseUrls: (url: string) => ({ instagramGraph: `${url}/instagram`, instagramOauth: `${url}/instagram-auth`, instagramApi: `${url}/instagram-api` }),
  customerKinds: ['text', 'image', 'video', 'audio', 'file', 'story_mention', 'story_reply', 'share', 'reaction', 'unreact', 'edit', 'unsend', 'read', 'echo', 'postback', 'referral', 'unsupported'],
  registerRoutes: (app: FastifyInstance, ctx: SimContext) => {
    registerGraphHost(app, ctx);
    registerInstagramRoutes(app, ctx);
  },
  registerOAuth: (app: FastifyInstance, ctx: SimContext) => {
    registerMetaOAuth(app, ctx);
    registerInstagramOAuth(app, ctx, ctx.oauth);
  },
  customer: messagingCustomer('instagram'),
  conversationId: (accountId: string) => instagramConversationId(accountId),
  oauthControls: instagramOAuthControls,
  clearOAuth: clearInstagramOAuth,
  customerMedia: { passesGivenUrl: true, url: metaCdnUrl },
  registerCdn: registerMetaCdn,
  sandbox: instagramSandbox,
  errorFaults: META_ERROR_FAULTS.instagram,
} as const satisfies SimulatedPlatform;
