import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimContext } from '../../context.ts';
import { applyFault, attribute, rawPathAfter } from '../../server.ts';
import type { StoredMedia } from '../../state/media.ts';
import type { SimConversation, SimMessage } from '../../state/conversations.ts';
import type { SimAccount, SimPlatform } from '../../types.ts';
import { handleWhatsApp } from '../../whatsapp/routes.ts';
import { resolveViaPage } from '../../instagram/linked-page.ts';
import { handleMediaNode } from '../../whatsapp/media.ts';
import { authorise, fail, mergedParams, tokenOf, type GraphCall } from './call.ts';
import { conversationNode, messageNode, messagesEdge } from '../conversations-api.ts';
import { graphErrors, graphFault } from './errors.ts';
import { FieldsSyntaxError, UnknownFieldError } from './fields.ts';
import { handleMessagingAccount } from '../messaging-account.ts';
import { profileNode } from '../profile.ts';
import { numbersOfWaba } from '../../whatsapp/numbers.ts';

/**
 * graph.facebook.com (`/graph`) and graph.instagram.com (`/instagram`, instagram/routes.ts): one dispatcher that finds
 * the node a path names (a Page, an Instagram account, a WhatsApp number or WABA, a media item, a
 * conversation, a message, a customer), applies armed faults, checks the token as Graph does, and
 * hands over to the node's handler. The version segment is optional, as on Graph.
 */

type Target =
  | { kind: 'account'; account: SimAccount; alsoOwnedBy?: SimAccount[] }
  | { kind: 'waba'; wabaId: string; accounts: SimAccount[] }
  | { kind: 'media'; media: StoredMedia; account: SimAccount }
  | { kind: 'conversation'; conv: SimConversation; account: SimAccount }
  | { kind: 'message'; message: SimMessage; conv: SimConversation; account: SimAccount }
  | { kind: 'customer'; conv: SimConversation; account: SimAccount };

const VERSION = /^v\d+\.\d+$/;

export function registerGraphRoutes(app: FastifyInstance, ctx: SimContext): void {
  const methods: ('GET' | 'POST' | 'DELETE')[] = ['GET', 'POST', 'DELETE'];
  app.route({ method: methods, url: '/graph/*', handler: (req, reply) => dispatchGraph(ctx, req, reply, 'facebook') });
}

export async function dispatchGraph(ctx: SimContext, req: FastifyRequest, reply: FastifyReply, host: GraphCall['host']): Promise<unknown> {
  const segments = rawPathAfter(req, host === 'instagram' ? '/instagram' : '/graph')
    .split('/')
    .filter(Boolean)
    .map(safeDecode);
  if (segments[0] && VERSION.test(segments[0])) segments.shift();
  const params = mergedParams(req);
  const call: GraphCall = { ctx, req, reply, host, method: req.method, id: segments[0] ?? '', edge: segments[1], params, token: tokenOf(req, params) };
  attribute(req, host === 'instagram' ? 'instagram' : 'unknown');
  if (!call.id) return fail(call, graphErrors.unsupported(req.method, ''));
  if (segments.length > 2) return fail(call, graphErrors.unknownPath(`/${segments.slice(2).join('/')}`));

  const target = resolve(call);
  if (!target) {
    if (!call.token) return fail(call, graphErrors.noToken());
    return fail(call, ctx.accounts.byToken(call.token).length === 0 ? graphErrors.badToken(false) : graphErrors.unsupported(req.method, call.id));
  }
  const owners = target.kind === 'waba' ? target.accounts : target.kind === 'account' ? [target.account, ...(target.alsoOwnedBy ?? [])] : [target.account];
  const platform: SimPlatform = owners[0]?.platform ?? 'messenger';
  attribute(req, platform);
  const first = owners[0];
  if (first) {
    const faulted = await applyFault(ctx, req, reply, platform, isSend(call), (kind, retryAfter, code) => fail(call, graphFault(kind, first, retryAfter, ctx.now(), code)), platform === 'whatsapp');
    if (faulted === 'handled') return reply;
    call.forceWindowClosed = faulted === 'window_closed';
  }
  const owner = authorise(call, owners);
  if (!owner) return reply;

  try {
    switch (target.kind) {
      case 'account':
        return target.account.platform === 'whatsapp' ? await handleWhatsApp(call, target.account) : await handleMessagingAccount(call, target.account);
      case 'waba':
        return await handleWhatsApp(call, owner, target.wabaId);
      case 'media':
        return handleMediaNode(call, target.media, owner);
      case 'conversation':
        if (call.method !== 'GET') return fail(call, graphErrors.unsupported(call.method, call.id));
        if (call.edge === 'messages') return messagesEdge(call, target.conv, target.account);
        if (call.edge) return fail(call, graphErrors.unknownPath(`/${call.edge}`));
        return conversationNode(call, target.conv, target.account);
      case 'message':
        if (call.method !== 'GET' || call.edge) return fail(call, graphErrors.unsupported(call.method, call.id));
        return messageNode(call, target.message, target.conv, target.account);
      case 'customer':
        if (call.method !== 'GET' || call.edge) return fail(call, graphErrors.unsupported(call.method, call.id));
        return profileNode(call, target.conv, target.account);
    }
  } catch (err) {
    if (err instanceof UnknownFieldError) return fail(call, graphErrors.nonexistingField(err.field, err.nodeType));
    if (err instanceof FieldsSyntaxError) return fail(call, { code: 2500, message: err.message });
    throw err;
  }
}

const isSend = (call: GraphCall): boolean => call.method === 'POST' && call.edge === 'messages';

function resolve(call: GraphCall): Target | undefined {
  const { ctx, id, host } = call;
  const platforms: SimPlatform[] = host === 'instagram' ? ['instagram'] : ['messenger', 'instagram', 'whatsapp'];
  if (id === 'me') {
    // A Page token's /me is the Page, also when a linked Instagram account shares the token.
    const holders = call.token ? ctx.accounts.byToken(call.token, platforms) : [];
    const account = holders.find((a) => a.platform === 'messenger') ?? holders[0];
    return account ? { kind: 'account', account } : undefined;
  }
  const viaPage = resolveViaPage(call, id);
  if (viaPage) return { kind: 'account', ...viaPage };
  const account = ctx.accounts.byId(id, platforms);
  if (account) return { kind: 'account', account };
  if (host === 'facebook') {
    const wabaAccounts = numbersOfWaba(ctx, id);
    if (wabaAccounts.length) return { kind: 'waba', wabaId: id, accounts: wabaAccounts };
    const media = ctx.media.byId(id);
    const mediaOwner = media && media.platform === 'whatsapp' ? ctx.accounts.find('whatsapp', media.accountId) : undefined;
    if (media && mediaOwner) return { kind: 'media', media, account: mediaOwner };
  }
  const conv = ctx.conversations.byConversationId(id);
  const convOwner = conv && platforms.includes(conv.platform) ? ctx.accounts.find(conv.platform, conv.accountId) : undefined;
  if (conv && convOwner && conv.platform !== 'whatsapp') return { kind: 'conversation', conv, account: convOwner };
  const message = ctx.conversations.message(id);
  if (message && (message.platform === 'messenger' || message.platform === 'instagram') && platforms.includes(message.platform)) {
    const owner = ctx.accounts.find(message.platform, message.accountId);
    const msgConv = ctx.conversations.get(message.platform, message.accountId, message.customerId);
    if (owner && msgConv) return { kind: 'message', message, conv: msgConv, account: owner };
  }
  return resolveCustomer(call, platforms);
}

/** A PSID/IGSID: the conversation of the account whose token was given, else any that knows the id. */
function resolveCustomer(call: GraphCall, platforms: SimPlatform[]): Target | undefined {
  const candidates = call.ctx.accounts
    .all()
    .filter((a) => (a.platform === 'messenger' || a.platform === 'instagram') && platforms.includes(a.platform))
    .map((a) => ({ account: a, conv: call.ctx.conversations.get(a.platform, a.accountId, call.id) }))
    .filter((c): c is { account: SimAccount; conv: SimConversation } => c.conv !== undefined);
  const hit = candidates.find((c) => c.account.accessToken === call.token) ?? candidates[0];
  return hit ? { kind: 'customer', conv: hit.conv, account: hit.account } : undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
