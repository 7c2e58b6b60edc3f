import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import type { Platform } from '../../db/schema.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { tryOpenCredentials } from './channel-credentials.ts';

/**
 * The keys a platform may have signed a webhook with; it passes when it matches any of them.
 * Meta signs with the secret of the app the account is connected through, and both arrive at the
 * same URL: an Instagram account connected with Instagram Login is the Instagram app's (its own
 * secret), one connected through a Facebook Page is the Facebook app's; a WhatsApp number is the
 * WhatsApp app's when it has one, else the Facebook app's. Every secret snorq holds that can apply
 * is tried (the body says which account it is for, but only after the signature is trusted).
 * TikTok signs with the client secret; Twilio with the auth token of the channel the webhook
 * routes to (twilioAuthTokens, below).
 */
export function appSigningSecrets(config: Config, platform: Platform): string[] {
  switch (platform) {
    case 'messenger':
      return present(config.FACEBOOK_APP_SECRET);
    case 'instagram':
      return present(config.INSTAGRAM_APP_SECRET, config.FACEBOOK_APP_SECRET);
    case 'whatsapp':
      return present(config.WHATSAPP_APP_SECRET, config.FACEBOOK_APP_SECRET);
    case 'tiktok':
      return present(config.TIKTOK_WEBHOOK_SECRET ?? config.TIKTOK_CLIENT_SECRET);
    case 'twilio':
      return [];
  }
}

/** The verify tokens Meta's GET handshake may carry: each app that delivers to the URL has its own. */
export function verifyTokensFor(config: Config, platform: Platform): string[] {
  switch (platform) {
    case 'messenger':
      return present(config.FACEBOOK_VERIFY_TOKEN);
    case 'instagram':
      return present(config.INSTAGRAM_VERIFY_TOKEN, config.FACEBOOK_VERIFY_TOKEN);
    case 'whatsapp':
      return present(config.WHATSAPP_VERIFY_TOKEN, config.FACEBOOK_VERIFY_TOKEN);
    default:
      return [];
  }
}

/** The set values, once each, in order (an empty string is no secret: pitfall 3). */
const present = (...values: (string | undefined)[]): string[] => [...new Set(values.filter((v): v is string => Boolean(v)))];

/**
 * The auth token of the one Twilio channel a webhook routes to (`AccountSid:sender`, from the
 * adapter's accountHint). Only that channel's token may vouch for the body: trying every token
 * stored under the AccountSid would let whoever stored one (another organisation, an old
 * credential) sign webhooks that land in someone else's channel.
 */
export async function twilioAuthTokens(db: Db, box: SecretBox, routingId: string): Promise<string[]> {
  if (!/^AC[0-9a-fA-F]{32}:./.test(routingId)) return [];
  const row = await db.selectFrom('channels').select(['credentials_enc', 'platform']).where('platform', '=', 'twilio').where('external_account_id', '=', routingId).executeTakeFirst();
  // An unreadable row vouches for nothing: the webhook is refused like one with no channel.
  const credentials = row ? tryOpenCredentials(box, row).credentials : null;
  return credentials?.platform === 'twilio' && credentials.authToken ? [credentials.authToken] : [];
}
