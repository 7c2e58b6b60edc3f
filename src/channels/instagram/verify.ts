import { graphNodeId, sameAccount, type Proof } from '../meta/verify-account.ts';
import type { OAuthClient } from '../http/oauth-client.ts';
import type { InstagramCredentials } from './credentials.ts';
import { instagramMe } from './oauth.ts';

/**
 * Instagram Login tokens: `GET graph.instagram.com/me` (its `user_id` is the id webhooks carry);
 * Page tokens: `GET /{ig-user-id}`, which Graph answers only to a token with rights on the linked Page.
 */
export async function verifyInstagramToken(client: OAuthClient, input: { externalAccountId: string; credentials: Omit<InstagramCredentials, 'platform'> }): Promise<Proof> {
  if (input.credentials.loginType === 'instagram') {
    const me = await instagramMe(client, input.credentials.accessToken);
    if (!me.ok) return me;
    return sameAccount(me.value.accountId, input.externalAccountId, 'this token belongs to another Instagram account');
  }
  const node = await graphNodeId(client, `/${encodeURIComponent(input.externalAccountId)}`, 'id,username', input.credentials.accessToken, 'instagram');
  return node.ok ? sameAccount(node.value.id, input.externalAccountId, 'Meta answered for another Instagram account') : node;
}
