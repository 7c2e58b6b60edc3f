import type { ChannelCredentials } from '../../channels/types.ts';
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

/** The auth tokens of the Twilio channels of one AccountSid (usually one; several senders share it). */
export async function twilioAuthTokens(db: Db, box: SecretBox, accountSid: string): Promise<string[]> {
  if (!/^AC[0-9a-fA-F]{32}$/.test(accountSid)) return [];
  const rows = await db
    .selectFrom('channels')
    .select(['credentials_enc'])
    .where('platform', '=', 'twilio')
    .where('external_account_id', 'like', `${accountSid}:%`)
    .execute();
  const tokens = rows
    .map((r) => openCredentials(box, r))
    .filter((c): c is Extract<ChannelCredentials, { platform: 'twilio' }> => c?.platform === 'twilio')
    .map((c) => c.authToken);
  return [...new Set(tokens)];
}
