import { facebookApp, instagramLoginApp, whatsappApp } from '../../channels/meta/apps.ts';
import type { OAuthClient } from '../../channels/meta/oauth.ts';
import { tiktokApp } from '../../channels/tiktok/app.ts';
import { platformUrls } from '../../channels/registry-config.ts';
import type { Config } from '../../config/config.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import type { Db } from '../../db/database.ts';
import { PLATFORM_CALL_TIMEOUT_MS } from '../channels/platform-call.ts';

/** What the connect flows, the token refresher and the health checks need. */
export interface OAuthDeps {
  db: Db;
  secretBox: SecretBox;
  config: Config;
}

/** The flows `/api/v1/platforms/connect/:platform` knows; `facebook` is another name for Messenger. */
export const CONNECT_PLATFORMS = ['messenger', 'instagram', 'whatsapp', 'tiktok', 'twilio'] as const;
export type ConnectPlatform = (typeof CONNECT_PLATFORMS)[number];

export function connectPlatform(name: string): ConnectPlatform | null {
  if (name === 'facebook') return 'messenger';
  return (CONNECT_PLATFORMS as readonly string[]).includes(name) ? (name as ConnectPlatform) : null;
}

/** Every outbound base URL from config (STYLE 6): the simulator stands in by changing these. */
export function oauthClient(config: Config): OAuthClient {
  return {
    urls: platformUrls(config),
    timeoutMs: PLATFORM_CALL_TIMEOUT_MS,
  };
}

/** `${PUBLIC_URL}/api/v1/platforms/callback/:platform`: what the platform's app must list as a valid redirect URI. */
export const redirectUri = (config: Config, platform: ConnectPlatform): string => `${config.publicUrl}/api/v1/platforms/callback/${platform}`;

export { facebookApp, instagramLoginApp, tiktokApp, whatsappApp };

/** Instagram connects through Instagram Login when its app is configured, else through a Facebook Page. */
export function instagramVia(c: Config, asked?: string): 'instagram' | 'facebook' {
  if (asked === 'facebook' || asked === 'instagram') return asked;
  return instagramLoginApp(c) ? 'instagram' : 'facebook';
}

/** Why a flow cannot start, in the words of the variables to set; null when it can. */
export function missingConfiguration(c: Config, platform: ConnectPlatform, via?: 'instagram' | 'facebook'): string | null {
  switch (platform) {
    case 'messenger':
      return facebookApp(c) ? null : 'Connecting Facebook Pages needs FACEBOOK_APP_ID and FACEBOOK_APP_SECRET.';
    case 'instagram':
      if (via === 'instagram') return instagramLoginApp(c) ? null : 'Instagram Login needs INSTAGRAM_APP_ID and INSTAGRAM_APP_SECRET.';
      return facebookApp(c) ? null : 'Connecting Instagram needs INSTAGRAM_APP_ID and INSTAGRAM_APP_SECRET (Instagram Login), or FACEBOOK_APP_ID and FACEBOOK_APP_SECRET (through a Facebook Page).';
    case 'whatsapp':
      return whatsappApp(c) ? null : 'WhatsApp Embedded Signup needs WHATSAPP_APP_ID (or FACEBOOK_APP_ID) and its app secret.';
    case 'tiktok':
      return tiktokApp(c) ? null : 'Connecting TikTok needs TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET.';
    case 'twilio':
      return null;
  }
}
