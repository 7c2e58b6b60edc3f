import type { Proof } from '../meta/verify-account.ts';
import type { OAuthClient } from '../http/oauth-client.ts';
import type { TiktokCredentials } from './credentials.ts';
import { fetchTikTokBusiness } from './oauth.ts';

/** `business/get/` for the business id with the token. */
export async function verifyTikTokBusiness(client: OAuthClient, input: { externalAccountId: string; credentials: Omit<TiktokCredentials, 'platform'> }): Promise<Proof> {
  const business = await fetchTikTokBusiness(client, input.credentials.accessToken, input.externalAccountId);
  return business.ok ? { ok: true } : business;
}
