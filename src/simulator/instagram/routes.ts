import type { FastifyInstance } from 'fastify';
import type { SimContext } from '../context.ts';
import { dispatchGraph } from '../meta/graph/routes.ts';

/**
 * graph.instagram.com (Instagram API with Instagram Login, FACTS 3 path B) under `/instagram`:
 * the same Graph dispatcher with only Instagram accounts visible — `/{IG_ID|me}/messages`,
 * `/me?fields=id,username,user_id,…`, `/{IGSID}?fields=name,username,profile_pic`,
 * `/me/conversations?platform=instagram`, conversation and message nodes. Its OAuth endpoints
 * (`/access_token`, `/refresh_access_token`) are issue 7.
 */
export function registerInstagramRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.route({ method: ['GET', 'POST', 'DELETE'], url: '/instagram/*', handler: (req, reply) => dispatchGraph(ctx, req, reply, 'instagram') });
}
