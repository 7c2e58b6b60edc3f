import { rejected, sameAccount, type Proof } from '../meta/verify-account.ts';
import type { OAuthClient } from '../http/oauth-client.ts';
import type { TwilioCredentials } from './credentials.ts';
import { fetchTwilioAccount } from './oauth.ts';

/** `GET /2010-04-01/Accounts/{Sid}.json` with Basic auth; the account must be active. */
export async function verifyTwilioAccount(client: OAuthClient, input: { externalAccountId: string; credentials: Omit<TwilioCredentials, 'platform'> }): Promise<Proof> {
  const account = await fetchTwilioAccount(client, input.credentials.accountSid, input.credentials.authToken);
  if (!account.ok) return account;
  if (account.value.status && account.value.status !== 'active') return rejected(`this Twilio account is ${account.value.status}, not active`);
  return sameAccount(account.value.sid, input.credentials.accountSid, 'Twilio answered for another account');
}
