import { graphNodeId, sameAccount, type Proof } from '../meta/verify-account.ts';
import type { OAuthClient } from '../http/oauth-client.ts';
import type { WhatsappCredentials } from './credentials.ts';

/** `GET /{phone-number-id}`, answered only to a token with rights on the number's WABA. */
export async function verifyNumberToken(client: OAuthClient, input: { externalAccountId: string; credentials: Omit<WhatsappCredentials, 'platform'> }): Promise<Proof> {
  const node = await graphNodeId(client, `/${encodeURIComponent(input.externalAccountId)}`, 'id,display_phone_number,verified_name', input.credentials.accessToken, 'whatsapp');
  return node.ok ? sameAccount(node.value.id, input.externalAccountId, 'Meta answered for another phone number') : node;
}
