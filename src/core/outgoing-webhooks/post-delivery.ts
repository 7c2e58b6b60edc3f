import http from 'node:http';
import https from 'node:https';
import { webhookText } from '../../contract/server-texts.ts';
import { guardedLookup, refuseUrlShape, TargetRefused, type TargetPolicy } from './check-target-url.ts';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signDelivery, TIMESTAMP_HEADER } from './sign-delivery.ts';

/** What one attempt came to: `ok` for a 2xx answer; otherwise the status (if any) and a sentence for the admin. */
export interface AttemptOutcome {
  ok: boolean;
  status: number | null;
  error: string | null;
  responseMs: number;
}

export interface Delivery {
  url: string;
  secret: string;
  eventId: string;
  body: string;
}

/** How much of a receiver's error answer is kept in the log: enough to read, never a page of HTML. */
const ERROR_BODY_CHARS = 200;
const USER_AGENT = 'snorq-webhooks/1';

/**
 * POST one delivery, signed at the moment it is sent. Node's http client, not fetch, because its
 * `lookup` lets every connection go through the address check (check-target-url.ts). Redirects
 * are not followed (a 3xx is a failure: a receiver that moved must be re-subscribed, and a
 * redirect could point inside the network). The whole exchange, answer included, must finish
 * within `timeoutMs`.
 */
export function postDelivery(delivery: Delivery, options: { policy: TargetPolicy; timeoutMs: number; now: () => Date }): Promise<AttemptOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const refused = refuseUrlShape(delivery.url, options.policy);
  if (refused) return Promise.resolve({ ok: false, status: null, error: refused, responseMs: 0 });
  const url = new URL(delivery.url);
  const timestamp = Math.floor(options.now().getTime() / 1000);
  const headers = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(delivery.body),
    'user-agent': USER_AGENT,
    [SIGNATURE_HEADER]: signDelivery(delivery.secret, timestamp, delivery.body),
    [TIMESTAMP_HEADER]: String(timestamp),
    [EVENT_ID_HEADER]: delivery.eventId,
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<AttemptOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: Omit<AttemptOutcome, 'responseMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...outcome, responseMs: elapsed() });
    };
    const req = client.request(url, { method: 'POST', headers, lookup: guardedLookup(options.policy), agent: false }, (res) => {
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let kept = 0;
      res.on('data', (chunk: Buffer) => {
        if (kept < ERROR_BODY_CHARS * 4) chunks.push(chunk);
        kept += chunk.length;
      });
      res.on('error', () => finish({ ok: false, status, error: webhookText('webhook.brokeOff', { host: url.host }) }));
      res.on('end', () => {
        if (status >= 200 && status < 300) return finish({ ok: true, status, error: null });
        finish({ ok: false, status, error: describeStatus(status, Buffer.concat(chunks).toString('utf8'), res.headers.location) });
      });
    });
    const timer = setTimeout(() => {
      finish({ ok: false, status: null, error: webhookText('webhook.timeout', { host: url.host, ms: options.timeoutMs }) });
      req.destroy();
    }, options.timeoutMs);
    req.on('error', (err) => finish({ ok: false, status: null, error: describeError(err, url) }));
    req.end(delivery.body);
  });
}

function describeStatus(status: number, body: string, location: string | undefined): string {
  if (status >= 300 && status < 400) return location ? webhookText('webhook.redirectedTo', { status, location: location.slice(0, 200) }) : webhookText('webhook.redirected', { status });
  const text = body.replace(/\s+/g, ' ').trim().slice(0, ERROR_BODY_CHARS);
  return text ? webhookText('webhook.statusSaying', { status, detail: text }) : webhookText('webhook.status', { status });
}

function describeError(err: Error, url: URL): string {
  if (err instanceof TargetRefused) return err.message;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return webhookText('webhook.connectionRefused', { host: url.host });
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return webhookText('webhook.noAddress', { host: url.hostname });
  if (code === 'ECONNRESET') return webhookText('webhook.connectionClosed', { host: url.host });
  if (code?.startsWith('ERR_TLS') || code?.includes('CERT')) return webhookText('webhook.tlsRefused', { host: url.host, detail: code });
  return code ? webhookText('webhook.unreachableBecause', { host: url.host, detail: code }) : webhookText('webhook.unreachable', { host: url.host });
}
