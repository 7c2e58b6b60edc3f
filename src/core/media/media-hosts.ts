import type { Config } from '../../config/config.ts';
import type { Platform } from '../../db/schema.ts';

/**
 * Which hosts snorq downloads inbound media from (no SSRF, FACTS pitfall 27), and which of them
 * may receive a channel's credentials. Two tiers on purpose: Twilio's API host gets Basic auth
 * but the CDN it redirects to must not (FACTS 5.7, pitfall 25).
 *
 * Built-in hosts are matched by name and must be https. The configured base URLs (META_GRAPH_URL,
 * INSTAGRAM_GRAPH_URL, TWILIO_API_URL, TIKTOK_API_URL) are matched by exact origin — scheme, host
 * and port — so the simulator works while a neighbouring port on the same machine stays refused.
 * An entry starting with a dot matches any subdomain of it.
 */
const META_HOSTS = ['.fbcdn.net', '.fbsbx.com', '.cdninstagram.com', 'graph.facebook.com', 'graph.instagram.com', '.whatsapp.net'];
const TWILIO_API_HOSTS = ['api.twilio.com'];
/** Twilio 302s every media URL to its CDN (mms.twiliocdn.com, media.twiliocdn.com). */
const TWILIO_CDN_HOSTS = ['.twiliocdn.com'];
/** TikTok's API and the ByteDance CDNs its download_url points at (FACTS 6.5; hosts unconfirmed, see 9). */
const TIKTOK_HOSTS = ['business-api.tiktok.com', '.tiktokcdn.com', '.tiktokcdn-us.com', '.tiktokcdn-eu.com', '.ibytedtos.com', '.byteoversea.com', '.tiktokv.com'];

export const BUILT_IN_MEDIA_HOSTS: readonly string[] = [...META_HOSTS, ...TWILIO_API_HOSTS, ...TWILIO_CDN_HOSTS, ...TIKTOK_HOSTS];

/** Where each platform's credentials may be sent (besides that platform's configured base URL). */
const CREDENTIAL_HOSTS: Record<Platform, readonly string[]> = {
  messenger: [],
  instagram: [],
  whatsapp: META_HOSTS,
  twilio: TWILIO_API_HOSTS,
  tiktok: TIKTOK_HOSTS,
};

export interface MediaHostPolicy {
  /** May snorq fetch this URL at all (first request and every redirect hop)? */
  allows(url: URL): boolean;
  /** May this platform's credentials go with a request to this URL? */
  allowsCredentials(platform: Platform, url: URL): boolean;
}

type ConfiguredUrls = Pick<Config, 'META_GRAPH_URL' | 'INSTAGRAM_GRAPH_URL' | 'TWILIO_API_URL' | 'TIKTOK_API_URL'>;

export function createMediaHostPolicy(config: ConfiguredUrls): MediaHostPolicy {
  const origin = (u: string) => new URL(u).origin;
  const configured: Record<Platform, string[]> = {
    messenger: [origin(config.META_GRAPH_URL)],
    instagram: [origin(config.META_GRAPH_URL), origin(config.INSTAGRAM_GRAPH_URL)],
    whatsapp: [origin(config.META_GRAPH_URL)],
    twilio: [origin(config.TWILIO_API_URL)],
    tiktok: [origin(config.TIKTOK_API_URL)],
  };
  const configuredOrigins = new Set(Object.values(configured).flat());
  const plausible = (url: URL) => (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
  const builtIn = (url: URL, hosts: readonly string[]) => url.protocol === 'https:' && hosts.some((h) => matchesHost(url.hostname, h));

  return {
    allows: (url) => plausible(url) && (configuredOrigins.has(url.origin) || builtIn(url, BUILT_IN_MEDIA_HOSTS)),
    allowsCredentials: (platform, url) => plausible(url) && (configured[platform].includes(url.origin) || builtIn(url, CREDENTIAL_HOSTS[platform])),
  };
}

function matchesHost(hostname: string, entry: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return entry.startsWith('.') ? host.endsWith(entry) && host.length > entry.length : host === entry;
}
