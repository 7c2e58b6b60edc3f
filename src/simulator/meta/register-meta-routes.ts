import type { FastifyInstance } from 'fastify';
import type { SimContext } from '../context.ts';
import { registerOnce } from '../server.ts';
import { registerFacebookOAuth } from './facebook-login.ts';
import { registerGraphRoutes } from './graph/routes.ts';
import { registerSubscriptionRoutes } from './graph/subscribed-apps.ts';
import { registerMetaControl } from './oauth-controls.ts';

/**
 * What Messenger, Instagram and WhatsApp Cloud share on Meta's side, registered once however many
 * of them the simulator has: graph.facebook.com (`/graph/*`, one dispatcher for Pages, Instagram
 * accounts reached through their Page, WhatsApp numbers and WABAs), and Facebook Login with
 * WhatsApp's Embedded Signup (the same dialog) plus `subscribed_apps` on both Graph hosts.
 */
export function registerGraphHost(app: FastifyInstance, ctx: SimContext): void {
  registerOnce(app, 'graph.facebook.com', () => registerGraphRoutes(app, ctx));
  registerMetaControl(app, ctx);
}

export function registerMetaOAuth(app: FastifyInstance, ctx: SimContext): void {
  registerOnce(app, 'meta-oauth', () => {
    registerFacebookOAuth(app, ctx, ctx.oauth);
    registerSubscriptionRoutes(app, ctx, ctx.oauth);
  });
}
