import type { FastifyRequest } from 'fastify';

/**
 * How a request appears in the logs. Fastify logs every URL with its query string, and query
 * strings carry secrets snorq cannot refuse to receive: Meta's `hub.verify_token`, the signature
 * of a /media/ link (a capability for a day), OAuth `code` and `state`, a token a client put where
 * it does not belong, and search terms (names, phone numbers). Their values are replaced; names
 * and everything else stay, so the line is still useful.
 */
const SECRET_PARAM = /token|secret|sig|password|passwd|code|key|auth|state|session|^q$/i;

export function withoutSecretQuery(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const params = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // a malformed escape: judge the raw name
      }
      return eq >= 0 && SECRET_PARAM.test(decoded) ? `${name}=[redacted]` : pair;
    });
  return `${url.slice(0, at)}?${params.join('&')}`;
}

/** Fastify's own request serializer, with the query string cleaned. */
export function loggedRequest(req: FastifyRequest) {
  return {
    method: req.method,
    url: withoutSecretQuery(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}
