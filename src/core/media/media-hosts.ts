import { CHANNELS, channelOf, type Platform } from '../../channels/registry.ts';
import { platformUrls, type ChannelEnv } from '../../channels/registry-config.ts';

/**
 * Which hosts snorq downloads inbound media from (no SSRF, FACTS pitfall 27), and which of them
 * may receive a channel's credentials, from each definition's `media` section. Two tiers on
 * purpose: Twilio's API host gets Basic auth but the CDN it redirects to must not (FACTS 5.7,
 * pitfall 25).
 *
 * Built-in hosts are matched by name and must be https. The configured base URLs a platform names
 * in `media.credentialUrls` (META_GRAPH_URL, TWILIO_API_URL, …) are matched by exact origin —
 * scheme, host and port — so the simulator works while a neighbouring port on the same machine
 * stays refused. An entry starting with a dot matches any subdomain of it.
 */
export const BUILT_IN_MEDIA_HOSTS: readonly string[] = [...new Set(CHANNELS.flatMap((channel) => channel.media.hosts))];

export interface MediaHostPolicy {
  /** May snorq fetch this URL at all (first request and every redirect hop)? */
  allows(url: URL): boolean;
  /** May this platform's credentials go with a request to this URL? */
  allowsCredentials(platform: Platform, url: URL): boolean;
}

export function createMediaHostPolicy(config: ChannelEnv): MediaHostPolicy {
  const urls: Record<string, string | undefined> = platformUrls(config);
  const configured = new Map<string, string[]>(
    CHANNELS.map((channel) => [channel.id, channel.media.credentialUrls.flatMap((name) => (urls[name] && URL.canParse(urls[name]) ? [new URL(urls[name]).origin] : []))]),
  );
  const configuredOrigins = new Set([...configured.values()].flat());
  const plausible = (url: URL) => (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
  const builtIn = (url: URL, hosts: readonly string[]) => url.protocol === 'https:' && hosts.some((h) => matchesHost(url.hostname, h));

  return {
    allows: (url) => plausible(url) && (configuredOrigins.has(url.origin) || builtIn(url, BUILT_IN_MEDIA_HOSTS)),
    allowsCredentials: (platform, url) => plausible(url) && ((configured.get(platform) ?? []).includes(url.origin) || builtIn(url, channelOf(platform).media.credentialHosts)),
  };
}

function matchesHost(hostname: string, entry: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return entry.startsWith('.') ? host.endsWith(entry) && host.length > entry.length : host === entry;
}
