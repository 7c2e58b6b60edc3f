import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST the receiver got, as it got it. */
export interface Received {
  path: string;
  /** The body's `id`, `type` and data, parsed. */
  id: string;
  type: string;
  data: Record<string, unknown>;
  raw: string;
  signature: string;
  timestamp: string;
  /** What the receiver answered: a status, or `hang` (never answered). */
  answer: number | 'hang';
}

export type Behaviour = (body: { id: string; type: string; attempt: number }) => number | 'hang';

/**
 * A webhook receiver as a customer would run one: a real HTTP server on 127.0.0.1 that records
 * every delivery, answers as `behaviour` says (a status, or never: a timeout for snorq), and checks
 * signatures the way docs/WEBHOOKS.md tells receivers to, with its own HMAC, not snorq's code.
 */
export interface WebhookReceiver {
  url: string;
  received: Received[];
  behaviour: Behaviour;
  /** Was this delivery signed with `secret` (HMAC-SHA256 of `<timestamp>.<raw body>`)? */
  verify(r: Received, secret: string): boolean;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const attempts = new Map<string, number>();
  const hanging = new Set<http.ServerResponse>();
  const receiver: WebhookReceiver = {
    url: '',
    received: [],
    behaviour: () => 200,
    verify(r, secret) {
      const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${r.timestamp}.${r.raw}`).digest('hex')}`);
      const given = Buffer.from(r.signature);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = JSON.parse(raw) as { id: string; type: string; data: Record<string, unknown> };
      const attempt = (attempts.get(body.id) ?? 0) + 1;
      attempts.set(body.id, attempt);
      const answer = receiver.behaviour({ id: body.id, type: body.type, attempt });
      receiver.received.push({
        path: req.url ?? '/',
        id: body.id,
        type: body.type,
        data: body.data,
        raw,
        signature: String(req.headers['x-snorq-signature'] ?? ''),
        timestamp: String(req.headers['x-snorq-timestamp'] ?? ''),
        answer,
      });
      if (answer === 'hang') {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer >= 300 ? `receiver says ${answer}` : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return receiver;
}
