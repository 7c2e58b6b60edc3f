import type { MediaFailure, MediaRequest } from '../../channels/channel-definition.ts';
import type { MediaHostPolicy } from './media-hosts.ts';

/**
 * The only way the media fetcher makes an HTTP request: every URL, and every redirect hop, is
 * checked against the host allow-list before it is requested; redirects are followed by hand so
 * that a 302 to an internal address is refused, not followed; the channel's credentials go only
 * to the origin they were meant for (FACTS 5.7: never forward Twilio's Basic auth to its CDN).
 */

/** Why a download did not work, in words an agent can read; `transient` failures are retried. */
export type FetchFailure = MediaFailure;

export type Fetched = { ok: true; res: Response; url: URL } | { ok: false; failure: FetchFailure };

/** `secretHeaders` are sent only to the first URL's origin, and only when the policy allows credentials there. */
export type GuardedRequest = MediaRequest;

export interface GuardContext {
  policy: MediaHostPolicy;
  /** The channel's id: whose credentials `secretHeaders` are. */
  platform: string;
  /** Aborts the request and the reading of its body (timeout, or the fetcher stopping). */
  signal: AbortSignal;
}

const MAX_REDIRECTS = 5;
/** FACTS 4.5, pitfall 24: WhatsApp's media host answers HTML/401 to requests without a User-Agent. */
export const MEDIA_USER_AGENT = 'snorq-media-fetcher/1';

export async function guardedFetch(req: GuardedRequest, ctx: GuardContext): Promise<Fetched> {
  const first = req.url;
  let current = first;
  let method = req.method ?? 'GET';
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (!ctx.policy.allows(current)) {
      const what = hop === 0 ? 'The link points' : 'The download redirected';
      return refused(`${what} to ${describe(current)}, which is not a host snorq fetches media from.`);
    }
    const withSecrets = current.origin === first.origin && ctx.policy.allowsCredentials(ctx.platform, current);
    const headers: Record<string, string> = { 'user-agent': MEDIA_USER_AGENT, ...req.headers, ...(withSecrets && req.secretHeaders) };
    let body: string | undefined;
    if (method === 'POST' && req.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.json);
    }
    let res: Response;
    try {
      res = await fetch(current, { method, headers, body, redirect: 'manual', signal: ctx.signal });
    } catch (err) {
      return { ok: false, failure: networkFailure(err, current) };
    }
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel().catch(() => undefined);
      if (!URL.canParse(location, current.href)) return refused('The download redirected to a malformed address.');
      current = new URL(location, current);
      // 301/302/303 turn a POST into a GET, as browsers do; 307/308 would replay the body to a new host.
      if (res.status === 307 || res.status === 308) {
        if (method === 'POST') return refused('The media API redirected a request snorq will not replay.');
      } else {
        method = 'GET';
      }
      continue;
    }
    return { ok: true, res, url: current };
  }
  return refused('The download redirected too many times.');
}

/** 408, 425, 429 and 5xx are worth another try; any other non-2xx status is final. */
export function statusFailure(status: number, what: string): FetchFailure {
  const transient = status === 408 || status === 425 || status === 429 || status >= 500;
  return { reason: `${what} answered HTTP ${status}.`, transient };
}

export function networkFailure(err: unknown, url: URL): FetchFailure {
  const name = err instanceof Error ? err.name : '';
  if (name === 'TimeoutError') return { reason: `${url.hostname} did not send the file in time.`, transient: true };
  if (name === 'AbortError') return { reason: 'The download was interrupted (snorq is stopping).', transient: true };
  return { reason: `${url.hostname} could not be reached.`, transient: true };
}

const refused = (reason: string): Fetched => ({ ok: false, failure: { reason, transient: false } });

/** Host (and port when it matters) without path or query: URLs of CDNs carry signatures. */
const describe = (url: URL): string => (url.port ? `${url.hostname}:${url.port}` : url.hostname) || 'an address without a host';
