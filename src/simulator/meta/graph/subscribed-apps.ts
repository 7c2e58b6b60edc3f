import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimContext } from '../../context.ts';
import { mergedParams, tokenOf } from './call.ts';
import { appOfCall, appSecretProofError } from './app-secret-proof.ts';
import { graphErrors, sendGraphError } from './errors.ts';
import { attribute } from '../../server.ts';
import { metaAppOf } from '../apps.ts';
import { numbersOfWaba, wabaIdOf } from '../../whatsapp/numbers.ts';
import type { SimAccount } from '../../types.ts';
import type { OAuthStore } from '../../oauth/store.ts';

/**
 * `/{node}/subscribed_apps` GET/POST/DELETE with memory (FACTS 2.1, 3.1, 4.1, 4.6, pitfall 8):
 * a Page (Page token), a WABA (its numbers' token, Bearer or `access_token`) or, on
 * graph.instagram.com, an Instagram Login account. Accounts the simulator starts with count as
 * subscribed (set up in the App Dashboard); DELETE, or `oauth.dropSubscription` (Meta silently
 * unsubscribing after failures), removes it, and POST puts it back with the fields given — and
 * only those fields are then delivered (`subscribedFields`, read by webhooks/deliver.ts).
 */

/** FACTS 2.1's Messenger fields: what the App Dashboard set up for the simulator's Pages. */
const DEFAULT_PAGE_FIELDS = [
  'messages',
  'message_echoes',
  'message_deliveries',
  'message_reads',
  'message_reactions',
  'messaging_postbacks',
  'messaging_referrals',
  'standby',
  'message_edits',
  'messaging_optins',
];
/** FACTS 3.1's Instagram messaging fields (Instagram Login): every one, for the accounts the simulator starts with. */
const DEFAULT_IG_FIELDS = ['messages', 'messaging_postbacks', 'messaging_referral', 'message_reactions', 'messaging_seen', 'message_edit', 'messaging_optins', 'standby'];

/**
 * The webhook fields Meta delivers for an account now: the fields its node is subscribed with, or
 * null when the app is not subscribed. A Page and an Instagram Login account are subscribed field
 * by field; an Instagram account reached through its Page gets every Instagram field the app
 * selected in the App Dashboard once the Page is subscribed at all (FACTS 3.6 path A); a WABA as
 * a whole (FACTS 4.1).
 */
export function subscribedFields(ctx: SimContext, account: SimAccount): string[] | 'all' | null {
  switch (account.platform) {
    case 'messenger':
      return ctx.subscriptions.has(account.accountId) ? (ctx.subscriptions.get(account.accountId) ?? null) : DEFAULT_PAGE_FIELDS;
    case 'instagram': {
      if (metaAppOf(account) === 'facebook' && account.pageId) return ctx.subscriptions.get(account.pageId) === null ? null : 'all';
      const key = `ig:${account.accountId}`;
      return ctx.subscriptions.has(key) ? (ctx.subscriptions.get(key) ?? null) : DEFAULT_IG_FIELDS;
    }
    case 'whatsapp':
      return ctx.subscriptions.get(wabaIdOf(account)) === null ? null : 'all';
    default:
      return 'all';
  }
}

type Node = { kind: 'page' | 'instagram'; owners: SimAccount[] } | { kind: 'waba'; owners: SimAccount[] };

export function registerSubscriptionRoutes(app: FastifyInstance, ctx: SimContext, store: OAuthStore): void {
  for (const host of ['facebook', 'instagram'] as const) {
    app.route({
      method: ['GET', 'POST', 'DELETE'],
      url: `/${host === 'facebook' ? 'graph' : 'instagram'}/:version/:node/subscribed_apps`,
      handler: (req, reply) => subscribedApps(ctx, store, host, req, reply),
    });
  }
}

function resolveNode(ctx: SimContext, host: 'facebook' | 'instagram', id: string, token: string | undefined): Node | undefined {
  if (host === 'instagram') {
    const ig = id === 'me' ? (token ? ctx.accounts.byToken(token, ['instagram'])[0] : undefined) : ctx.accounts.find('instagram', id);
    return ig ? { kind: 'instagram', owners: [ig] } : undefined;
  }
  const page = ctx.accounts.find('messenger', id);
  if (page) return { kind: 'page', owners: [page] };
  // A Page the simulator only knows as an Instagram account's linked Page (FACTS 3.6 path A).
  const linked = ctx.accounts.all().filter((a) => a.platform === 'instagram' && a.pageId === id);
  if (linked.length) return { kind: 'page', owners: linked };
  const numbers = numbersOfWaba(ctx, id);
  return numbers.length ? { kind: 'waba', owners: numbers } : undefined;
}

function subscribedApps(ctx: SimContext, store: OAuthStore, host: 'facebook' | 'instagram', req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const params = mergedParams(req);
  const token = tokenOf(req, params);
  const id = decodeURIComponent((req.params as { node: string }).node);
  const node = resolveNode(ctx, host, id, token);
  attribute(req, node?.owners[0]?.platform ?? (host === 'instagram' ? 'instagram' : 'unknown'));
  const whatsapp = node?.kind === 'waba';
  if (!token) return sendGraphError(reply, graphErrors.noToken());
  if (!node) return sendGraphError(reply, ctx.accounts.byToken(token).length ? graphErrors.unsupported(req.method, id) : graphErrors.badToken(false));
  const owner = node.owners.find((a) => a.accessToken === token);
  if (!owner) {
    return sendGraphError(reply, ctx.accounts.byToken(token).length ? graphErrors.unsupported(req.method, id) : graphErrors.badToken(whatsapp));
  }
  const proofError = appSecretProofError(ctx, appOfCall(host, owner.platform), token, params);
  if (proofError) return sendGraphError(reply, proofError);
  const key = node.kind === 'instagram' ? `ig:${node.owners[0]!.accountId}` : id;
  const defaults = node.kind === 'page' ? DEFAULT_PAGE_FIELDS : node.kind === 'instagram' ? DEFAULT_IG_FIELDS : [];
  const stored = store.subscriptions.get(key);
  const current = stored === undefined ? defaults : stored;

  if (req.method === 'GET') {
    if (current === null) return reply.send({ data: [] });
    const appId = ctx.options.metaAppId;
    if (node.kind === 'waba') return reply.send({ data: [{ whatsapp_business_api_data: { id: appId, name: 'snorq', link: `https://snorq.example/${appId}` } }] });
    if (node.kind === 'instagram') return reply.send({ data: [{ subscribed_fields: current }] });
    return reply.send({ data: [{ id: appId, name: 'snorq', subscribed_fields: current }] });
  }
  if (req.method === 'DELETE') {
    store.subscriptions.set(key, null);
    return reply.send({ success: true });
  }
  const fields =
    typeof params.subscribed_fields === 'string'
      ? params.subscribed_fields
          .split(',')
          .map((f) => f.trim())
          .filter(Boolean)
      : [];
  // Pages and Instagram accounts are subscribed field by field; a WABA as a whole (FACTS 2.1, 3.1, 4.1).
  if (node.kind !== 'waba' && fields.length === 0) return sendGraphError(reply, graphErrors.param('The parameter subscribed_fields is required.'));
  store.subscriptions.set(key, node.kind === 'waba' ? [] : fields);
  return reply.send({ success: true });
}
