import { z } from 'zod';
import type { Outcome } from '../../channels/meta/graph-client.ts';
import { graphJson, graphUrl, type OAuthClient } from '../../channels/meta/oauth.ts';
import { instagramMe } from '../../channels/instagram/oauth.ts';
import { fetchTikTokBusiness } from '../../channels/tiktok/oauth.ts';
import { fetchTwilioAccount } from '../../channels/twilio/oauth.ts';
import type { PlatformFailure } from '../../channels/types.ts';
import { AppError } from '../errors/app-error.ts';
import type { ChannelInput } from './connect-channel.ts';

/**
 * Credentials typed in by an admin are proven with the platform before anything is stored: an
 * account id is claimed only by whoever holds a token that may act for it. Each check is the
 * cheapest read that needs exactly that right:
 * - Messenger: `GET /me` with the Page token answers the Page itself (a user or app token would
 *   also read `GET /{page-id}`, which proves nothing).
 * - Instagram: Instagram Login tokens — `GET graph.instagram.com/me` (its `user_id` is the id
 *   webhooks carry); Page tokens — `GET /{ig-user-id}`, which Graph answers only to a token
 *   with rights on the linked Page.
 * - WhatsApp: `GET /{phone-number-id}`, answered only to a token with rights on the number's WABA.
 * - Twilio: `GET /2010-04-01/Accounts/{Sid}.json` with Basic auth; the account must be active.
 * - TikTok: `business/get/` for the business id with the token.
 */
export async function verifyChannelCredentials(client: OAuthClient, input: ChannelInput): Promise<void> {
  const outcome = await proveControl(client, input);
  if (outcome.ok) return;
  throw refusal(input, outcome.failure);
}

type Proof = Outcome<true>;

const GraphNode = z.looseObject({ id: z.union([z.string(), z.number()]).transform(String) });

async function proveControl(client: OAuthClient, input: ChannelInput): Promise<Proof> {
  switch (input.platform) {
    case 'messenger': {
      const me = await graphJson(client, graphUrl(client, '/me', { fields: 'id,name' }), { method: 'GET', headers: { authorization: `Bearer ${input.credentials.pageAccessToken}` } }, GraphNode, 'messenger');
      if (!me.ok) return me;
      return sameAccount(me.value.id, input.externalAccountId, 'this token belongs to another Facebook Page (or is not a Page access token)');
    }
    case 'instagram': {
      if (input.credentials.loginType === 'instagram') {
        const me = await instagramMe(client, input.credentials.accessToken);
        if (!me.ok) return me;
        return sameAccount(me.value.accountId, input.externalAccountId, 'this token belongs to another Instagram account');
      }
      const node = await graphJson(client, graphUrl(client, `/${encodeURIComponent(input.externalAccountId)}`, { fields: 'id,username' }), { method: 'GET', headers: { authorization: `Bearer ${input.credentials.accessToken}` } }, GraphNode, 'instagram');
      return node.ok ? sameAccount(node.value.id, input.externalAccountId, 'Meta answered for another Instagram account') : node;
    }
    case 'whatsapp': {
      const url = graphUrl(client, `/${encodeURIComponent(input.externalAccountId)}`, { fields: 'id,display_phone_number,verified_name' });
      const node = await graphJson(client, url, { method: 'GET', headers: { authorization: `Bearer ${input.credentials.accessToken}` } }, GraphNode, 'whatsapp');
      return node.ok ? sameAccount(node.value.id, input.externalAccountId, 'Meta answered for another phone number') : node;
    }
    case 'twilio': {
      const account = await fetchTwilioAccount(client, input.credentials.accountSid, input.credentials.authToken);
      if (!account.ok) return account;
      if (account.value.status && account.value.status !== 'active') return rejected(`this Twilio account is ${account.value.status}, not active`);
      return sameAccount(account.value.sid, input.credentials.accountSid, 'Twilio answered for another account');
    }
    case 'tiktok': {
      const business = await fetchTikTokBusiness(client, input.credentials.accessToken, input.externalAccountId);
      return business.ok ? { ok: true, value: true } : business;
    }
  }
}

const rejected = (reason: string): Proof => ({ ok: false, failure: { code: 'UNKNOWN_PLATFORM_ERROR', reason, retryable: false, platformCode: 'account_mismatch' } });

function sameAccount(answered: string, claimed: string, mismatch: string): Proof {
  return answered === claimed ? { ok: true, value: true } : rejected(mismatch);
}

const PLATFORM_NAMES = { messenger: 'Facebook', instagram: 'Instagram', whatsapp: 'WhatsApp', twilio: 'Twilio', tiktok: 'TikTok' } as const;

/**
 * A platform that could not answer (network, 5xx, rate limit) is not a verdict on the
 * credentials: 502, try again. Anything else is a refusal: 422, nothing stored.
 */
function refusal(input: ChannelInput, failure: PlatformFailure): AppError {
  const platform = PLATFORM_NAMES[input.platform];
  if (failure.retryable) return new AppError('PLATFORM_UNAVAILABLE', `${platform} could not be reached to check these credentials; nothing was stored, try again`, { platformCode: failure.platformCode ?? null });
  const why = failure.tokenInvalid ? `${platform} rejected the credentials` : `${platform} refused these credentials for account ${input.externalAccountId}: ${failure.reason}`;
  return new AppError('CREDENTIALS_REJECTED', `${why}; nothing was stored`, { platformCode: failure.platformCode ?? null });
}
