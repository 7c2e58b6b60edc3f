import { channelOf, type Platform } from '../../channels/registry.ts';
import type { Config } from '../../config/config.ts';
import { redirectUri } from './oauth-config.ts';

/**
 * The consent page a flow starts at, from the platform's `connect.oauth`; null when the platform
 * connects without one (a form) or its app is not configured (`missingConfiguration` says which
 * variables to set).
 */
export function authorizeUrl(config: Config, platform: Platform, state: string, via?: string): string | null {
  const oauth = channelOf(platform).connect.oauth;
  return oauth ? oauth.authorizeUrl(config, { state, redirectUri: redirectUri(config, platform), via: oauth.via?.(config, via) }) : null;
}
