import { lookup as dnsLookup } from 'node:dns';
import { lookup as dnsLookupAll } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { Config } from '../../config/config.ts';
import { webhookText, type WebhookTextCode } from '../../contract/server-texts.ts';

/**
 * Where snorq may post a webhook: an admin names any URL, so without a guard snorq would make
 * requests into its own network for them (SSRF, like media downloads: FACTS pitfall 27). A target
 * must be https (http only in development and tests), carry no credentials, and resolve only to
 * public unicast addresses, unless WEBHOOK_ALLOWED_PRIVATE_NETWORKS names the network. The check
 * is made when the subscription is saved (to refuse it with the reason) and again at every
 * connection (`guardedLookup`): a name that later resolves to 127.0.0.1 (DNS rebinding) is refused
 * at the moment snorq would connect, not only when it was saved.
 */
export interface TargetPolicy {
  requireHttps: boolean;
  /** Addresses, CIDR ranges or range names (loopback, private, linklocal, uniquelocal) allowed although not public. */
  allowedPrivate: readonly string[];
}

export function targetPolicyOf(config: Pick<Config, 'NODE_ENV' | 'WEBHOOK_ALLOWED_PRIVATE_NETWORKS'>): TargetPolicy {
  return { requireHttps: config.NODE_ENV === 'production', allowedPrivate: config.WEBHOOK_ALLOWED_PRIVATE_NETWORKS };
}

/** A refusal that reaches the admin as it is. */
export class TargetRefused extends Error {
  override name = 'TargetRefused';
}

/** The ranges ipaddr.js names that have a sentence of their own (src/contract/server-texts.ts `webhook.private.*`). */
const NAMED_RANGES = new Set(['loopback', 'private', 'linkLocal', 'uniqueLocal', 'carrierGradeNat', 'unspecified', 'multicast', 'broadcast', 'reserved']);
/** The words WEBHOOK_ALLOWED_PRIVATE_NETWORKS takes, as ipaddr.js names the ranges. */
const RANGE_NAMES: Record<string, string> = { loopback: 'loopback', private: 'private', linklocal: 'linkLocal', uniquelocal: 'uniqueLocal' };

/** Why snorq will not connect to this address, or null when it may. */
export function refuseAddress(address: string, policy: TargetPolicy): string | null {
  if (!ipaddr.isValid(address)) return webhookText('webhook.notCheckable', { address });
  let addr = ipaddr.parse(address);
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
  const range = addr.range();
  if (range === 'unicast') return null;
  if (policy.allowedPrivate.some((entry) => allows(entry, addr, range))) return null;
  return NAMED_RANGES.has(range) ? webhookText(`webhook.private.${range}` as WebhookTextCode, { address }) : webhookText('webhook.private.other', { address, rangeName: range });
}

function allows(entry: string, addr: ipaddr.IPv4 | ipaddr.IPv6, range: string): boolean {
  if (RANGE_NAMES[entry]) return RANGE_NAMES[entry] === range;
  try {
    const [net, bits] = entry.includes('/') ? ipaddr.parseCIDR(entry) : [ipaddr.parse(entry), entry.includes(':') ? 128 : 32];
    return net.kind() === addr.kind() && addr.match([net, bits] as [typeof addr, number]);
  } catch {
    return false;
  }
}

/** Why the URL itself is refused (scheme, credentials, an address literal), before any DNS; null when its shape is fine. */
export function refuseUrlShape(raw: string, policy: TargetPolicy): string | null {
  if (!URL.canParse(raw)) return webhookText('webhook.notAbsolute');
  const url = new URL(raw);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && !policy.requireHttps)) {
    return webhookText(policy.requireHttps ? 'webhook.httpsOnly' : 'webhook.httpOrHttps');
  }
  if (url.username || url.password) return webhookText('webhook.credentials');
  if (!url.hostname) return webhookText('webhook.noHost');
  const literal = hostLiteral(url);
  return literal ? refuseAddress(literal, policy) : null;
}

/** The URL's host when it is an IP address (Node connects to those without a lookup). */
function hostLiteral(url: URL): string | null {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return ipaddr.isValid(host) ? host : null;
}

/** The full check when a subscription is saved: the shape, then every address the name resolves to. */
export async function checkTargetUrl(raw: string, policy: TargetPolicy, resolve: (host: string) => Promise<string[]> = resolveAll): Promise<string | null> {
  const shape = refuseUrlShape(raw, policy);
  if (shape) return shape;
  const url = new URL(raw);
  if (hostLiteral(url)) return null;
  let addresses: string[];
  try {
    addresses = await resolve(url.hostname);
  } catch {
    return webhookText('webhook.noAddress', { host: url.hostname });
  }
  if (addresses.length === 0) return webhookText('webhook.noAddress', { host: url.hostname });
  for (const address of addresses) {
    const refused = refuseAddress(address, policy);
    if (refused) return webhookText('webhook.resolvesTo', { host: url.hostname, refusal: refused });
  }
  return null;
}

async function resolveAll(host: string): Promise<string[]> {
  return (await dnsLookupAll(host, { all: true, verbatim: true })).map((a) => a.address);
}

/**
 * The `lookup` of every delivery's connection: the name is resolved, every address checked, and
 * the connection made only to checked addresses, so nothing between the check and the connect
 * can send it elsewhere. Answers in both of Node's shapes (one address, or all with `all: true`).
 */
export function guardedLookup(policy: TargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { family: options.family, hints: options.hints, all: true, verbatim: true }, (err, addresses) => {
      if (err) return callback(err, '', 4);
      const refused = addresses.map((a) => refuseAddress(a.address, policy)).find((r) => r !== null);
      if (refused) return callback(new TargetRefused(webhookText('webhook.resolvesTo', { host: hostname, refusal: refused })), '', 4);
      if (addresses.length === 0) return callback(new TargetRefused(webhookText('webhook.noAddress', { host: hostname })), '', 4);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: typeof addresses) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
