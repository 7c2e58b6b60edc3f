import type { SimContext } from '../context.ts';
import type { GraphCall } from '../meta/graph/call.ts';
import { attribute } from '../server.ts';
import type { SimAccount } from '../types.ts';

/**
 * Instagram through Facebook Login (FACTS 3 path A): the professional account is linked to a
 * Facebook Page (`SimAccount.pageId`), and graph.facebook.com reaches it through that Page —
 * `/{PAGE_ID}/conversations?platform=instagram`, `/me/messages` or `/{PAGE_ID}/messages` with the
 * Page token to an IGSID.
 */

export const linkedInstagram = (ctx: SimContext, pageId: string): SimAccount | undefined => ctx.accounts.all().find((a) => a.platform === 'instagram' && a.pageId === pageId);

/** The Instagram account a Page-addressed Graph call really targets, with who may call it. */
export function resolveViaPage(call: GraphCall, pageId: string): { account: SimAccount; alsoOwnedBy: SimAccount[] } | undefined {
  const linked = linkedInstagram(call.ctx, pageId);
  if (!linked || call.host !== 'facebook') return undefined;
  const page = call.ctx.accounts.find('messenger', pageId);
  if (call.edge === 'conversations' && call.params.platform === 'instagram') return { account: linked, alsoOwnedBy: page ? [page] : [] };
  if (call.edge === 'messages' && page && call.token === linked.accessToken && call.token !== page.accessToken) return { account: linked, alsoOwnedBy: [] };
  return undefined;
}

/** A Messenger send whose recipient is not a Messenger user but an IGSID of the linked account. */
export function instagramRecipientOf(call: GraphCall, account: SimAccount): SimAccount | undefined {
  if (account.platform !== 'messenger') return undefined;
  const recipient = call.params.recipient;
  const id = recipient && typeof recipient === 'object' ? (recipient as { id?: unknown }).id : undefined;
  if (typeof id !== 'string' || call.ctx.conversations.get('messenger', account.accountId, id)) return undefined;
  const linked = linkedInstagram(call.ctx, account.accountId);
  if (!linked || !call.ctx.conversations.get('instagram', linked.accountId, id)) return undefined;
  attribute(call.req, 'instagram');
  return linked;
}
