import type { OAuthClient } from '../../channels/http/oauth-client.ts';
import { channelOf, isPlatform, platformOfWebhookPath, type Platform } from '../../channels/registry.ts';
import { platformUrls } from '../../channels/registry-config.ts';
import type { Config } from '../../config/config.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import type { Db } from '../../db/database.ts';
import { PLATFORM_CALL_TIMEOUT_MS } from '../channel-accounts/platform-call.ts';

/** What the connect flows, the token refresher and the health checks need. */
export interface OAuthDeps {
  db: Db;
  secretBox: SecretBox;
  config: Config;
}

/**
 * The platform `/api/v1/platforms/connect/:platform` names: its id, or another of the segments it
 * answers webhooks on (`facebook` for Messenger, as the original guide spells it); null when that
 * platform has neither a consent page nor a form to connect by.
 */
export function connectPlatform(name: string): Platform | null {
  const platform = isPlatform(name) ? name : platformOfWebhookPath(name);
  if (!platform) return null;
  const { connect } = channelOf(platform);
  return connect.oauth || connect.form ? platform : null;
}

/** Every outbound base URL from config (STYLE 6): the simulator stands in by changing these. */
export function oauthClient(config: Config): OAuthClient {
  return {
    urls: platformUrls(config),
    timeoutMs: PLATFORM_CALL_TIMEOUT_MS,
  };
}

/** `${PUBLIC_URL}/api/v1/platforms/callback/:platform`: what the platform's app must list as a valid redirect URI. */
export const redirectUri = (config: Config, platform: Platform): string => `${config.publicUrl}/api/v1/platforms/callback/${platform}`;

/** Why a flow cannot start, in the words of the variables to set; null when it can. */
export function missingConfiguration(c: Config, platform: Platform, via?: string): string | null {
  return channelOf(platform).connect.oauth?.missing(c, via) ?? null;
}
