import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { platformUrls } from '../../../src/channels/registry-config.ts';
import type { ChannelCredentials, PlatformCallContext } from '../../../src/channels/types.ts';
import { loadConfig } from '../../../src/config/config.ts';

/**
 * A real HTTP server on 127.0.0.1:0 that plays a platform for the api.ts unit tests: it records
 * every request exactly as received and answers with the replies a test queues (in order), then
 * with the fallback handler. No fetch mocking: the clients go through the network stack.
 */

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  json(): unknown;
  form(): URLSearchParams;
  multipart(): Promise<FormData>;
}

export interface Reply {
  status?: number;
  json?: unknown;
  body?: string | Buffer;
  headers?: Record<string, string>;
  /** Never answer: for timeout tests. */
  hang?: boolean;
}

export interface FakePlatform {
  url: string;
  requests: RecordedRequest[];
  /** Queue replies for the next requests, in order. */
  reply(...replies: Reply[]): void;
  /** Answer every request not covered by a queued reply. */
  fallback(handler: (req: RecordedRequest) => Reply): void;
  close(): Promise<void>;
}

export async function startFakePlatform(): Promise<FakePlatform> {
  const requests: RecordedRequest[] = [];
  const queue: Reply[] = [];
  let fallback: (req: RecordedRequest) => Reply = () => ({ status: 404, json: { error: 'no reply queued' } });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const contentType = String(req.headers['content-type'] ?? '');
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        json: () => JSON.parse(body.toString('utf8')),
        form: () => new URLSearchParams(body.toString('utf8')),
        multipart: () => new Response(body, { headers: { 'content-type': contentType } }).formData(),
      };
      requests.push(recorded);
      const reply = queue.shift() ?? fallback(recorded);
      if (reply.hang) return;
      const headers: Record<string, string> = { ...reply.headers };
      let payload: string | Buffer = reply.body ?? '';
      if (reply.json !== undefined) {
        headers['content-type'] ??= 'application/json';
        payload = JSON.stringify(reply.json);
      }
      res.writeHead(reply.status ?? 200, headers);
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (...replies) => queue.push(...replies),
    fallback: (handler) => {
      fallback = handler;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A URL nothing listens on: a server that was started and closed. */
export async function deadUrl(): Promise<string> {
  const s = await startFakePlatform();
  await s.close();
  return s.url;
}

export function callContext(credentials: ChannelCredentials, accountId: string, urls: Partial<PlatformCallContext['urls']>, timeoutMs = 2_000): PlatformCallContext {
  const none = 'http://127.0.0.1:9';
  // Every platform's base URL points nowhere unless the test names it (the API version stays).
  const nowhere = Object.fromEntries(Object.entries(platformUrls(loadConfig({}))).map(([name, value]) => [name, value.startsWith('http') ? none : value])) as PlatformCallContext['urls'];
  return {
    accountId,
    credentials,
    urls: { ...nowhere, ...urls },
    timeoutMs,
  };
}
