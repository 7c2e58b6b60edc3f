import ipaddr from 'ipaddr.js';

/**
 * The key per-address limits count a client under. One IPv6 subscriber is given a whole /64 (or
 * more), and any address in it is theirs to use: keyed by full address, one client would have
 * 2^64 fresh tries. IPv4-mapped IPv6 (`::ffff:192.0.2.1`, what a dual-stack socket reports) is the
 * IPv4 address it maps.
 */
export function addressKey(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  let addr = ipaddr.parse(ip);
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
  if (addr.kind() === 'ipv4') return addr.toString();
  const parts = (addr as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16));
  return `${parts.join(':')}::/64`;
}
