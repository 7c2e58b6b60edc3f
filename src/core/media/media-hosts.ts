import type { ChannelDefinition } from '../../channels/channel-definition.ts';
import { CHANNELS } from '../../channels/registry.ts';
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

/** What the inbound media path reads of a definition: its id and its `media` section's download half (not `outbound`). */
export type MediaChannel = Pick<ChannelDefinition, 'id'> & { media: Omit<ChannelDefinition['media'], 'outbound'> };

export interface MediaHostPolicy {
  /** May snorq fetch this URL at all (first request and every redirect hop)? */
  allows(url: URL): boolean;
  /** May this platform's credentials go with a request to this URL? */
  allowsCredentials(platform: string, url: URL): boolean;
}

/** The registry's platforms with the configured base URLs. */
export function createMediaHostPolicy(config: ChannelEnv): MediaHostPolicy {
  return mediaHostPolicyOf(platformUrls(config), CHANNELS);
}

/** The allow-list of `channels`, their `credentialUrls` looked up by name in `urls` (PlatformCallContext's names). */
export function mediaHostPolicyOf(urls: Readonly<Record<string, string | undefined>>, channels: readonly MediaChannel[]): MediaHostPolicy {
  const configured = new Map<string, string[]>(
    channels.map((channel) => [channel.id, channel.media.credentialUrls.flatMap((name) => (urls[name] && URL.canParse(urls[name]) ? [new URL(urls[name]).origin] : []))]),
  );
  const credentialHosts = new Map<string, readonly string[]>(channels.map((channel) => [channel.id, channel.media.credentialHosts]));
  const configuredOrigins = new Set([...configured.values()].flat());
  const builtInHosts = [...new Set(channels.flatMap((channel) => channel.media.hosts))];
  const plausible = (url: URL) => (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
  const builtIn = (url: URL, hosts: readonly string[]) => url.protocol === 'https:' && hosts.some((h) => matchesHost(url.hostname, h));

  return {
    allows: (url) => plausible(url) && (configuredOrigins.has(url.origin) || builtIn(url, builtInHosts)),
    allowsCredentials: (platform, url) => plausible(url) && ((configured.get(platform) ?? []).includes(url.origin) || builtIn(url, credentialHosts.get(platform) ?? [])),
  };
}

function matchesHost(hostname: string, entry: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return entry.startsWith('.') ? host.endsWith(entry) && host.length > entry.length : host === entry;
}
