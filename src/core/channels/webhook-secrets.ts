import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import type { Platform } from '../../db/schema.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { openCredentials } from './channel-credentials.ts';

/**
 * The key a platform signs its webhooks with. Meta signs with the app secret (Instagram and
 * WhatsApp fall back to the Facebook app's when they share one app); TikTok with the client
 * secret; Twilio with each account's auth token (found by the untrusted AccountSid hint, then
 * proven by the signature itself).
 */
export function appSigningSecret(config: Config, platform: Platform): string | undefined {
  switch (platform) {
    case 'messenger':
      return config.FACEBOOK_APP_SECRET;
    case 'instagram':
      return config.INSTAGRAM_APP_SECRET ?? config.FACEBOOK_APP_SECRET;
    case 'whatsapp':
      return config.WHATSAPP_APP_SECRET ?? config.FACEBOOK_APP_SECRET;
    case 'tiktok':
      return config.TIKTOK_WEBHOOK_SECRET ?? config.TIKTOK_CLIENT_SECRET;
    case 'twilio':
      return undefined;
  }
}

export function verifyTokenFor(config: Config, platform: Platform): string | undefined {
  switch (platform) {
    case 'messenger':
      return config.FACEBOOK_VERIFY_TOKEN;
    case 'instagram':
      return config.INSTAGRAM_VERIFY_TOKEN ?? config.FACEBOOK_VERIFY_TOKEN;
    case 'whatsapp':
      return config.WHATSAPP_VERIFY_TOKEN ?? config.FACEBOOK_VERIFY_TOKEN;
    default:
      return undefined;
  }
}

/**
 * The auth token of the one Twilio channel a webhook routes to (`AccountSid:sender`, from the
 * adapter's accountHint). Only that channel's token may vouch for the body: trying every token
 * stored under the AccountSid would let whoever stored one (another organisation, an old
 * credential) sign webhooks that land in someone else's channel.
 */
export async function twilioAuthTokens(db: Db, box: SecretBox, routingId: string): Promise<string[]> {
  if (!/^AC[0-9a-fA-F]{32}:./.test(routingId)) return [];
  const row = await db.selectFrom('channels').select(['credentials_enc']).where('platform', '=', 'twilio').where('external_account_id', '=', routingId).executeTakeFirst();
  const credentials = row ? openCredentials(box, row) : null;
  return credentials?.platform === 'twilio' && credentials.authToken ? [credentials.authToken] : [];
}
