import { graphNodeId, sameAccount, type Proof } from '../meta/verify-account.ts';
import type { OAuthClient } from '../http/oauth-client.ts';
import type { MessengerCredentials } from './credentials.ts';

/** `GET /me` with the Page token answers the Page itself (a user or app token would also read `GET /{page-id}`, which proves nothing). */
export async function verifyPageToken(client: OAuthClient, input: { externalAccountId: string; credentials: Omit<MessengerCredentials, 'platform'> }): Promise<Proof> {
  const me = await graphNodeId(client, '/me', 'id,name', input.credentials.pageAccessToken, 'messenger');
  if (!me.ok) return me;
  return sameAccount(me.value.id, input.externalAccountId, 'this token belongs to another Facebook Page (or is not a Page access token)');
}
