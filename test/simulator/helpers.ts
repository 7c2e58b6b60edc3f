import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator, type SimAccount, type SimulatorOptions, type SimulatorWithOAuth } from '../../src/simulator/index.ts';

/** A tiny node:http stand-in for snorq's webhook endpoint: records every request's exact bytes. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** What the receiver answers (default 200 "EVENT_RECEIVED"). */
  respond: (req: ReceivedRequest) => { status: number; body: string };
  /** The first request (received or to come) that matches; no deadline of its own, the test's time limit is the only one. */
  waitFor(predicate: (r: ReceivedRequest) => boolean): Promise<ReceivedRequest>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const waiters = new Set<() => void>();
  const receiver: Receiver = {
    url: '',
    requests,
    respond: () => ({ status: 200, body: 'EVENT_RECEIVED' }),
    waitFor(predicate) {
      return new Promise((resolve) => {
        const check = (): boolean => {
          const hit = requests.find(predicate);
          if (!hit) return false;
          waiters.delete(wake);
          resolve(hit);
          return true;
        };
        const wake = (): void => void check();
        if (!check()) waiters.add(wake);
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry: ReceivedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(entry);
      const { status, body } = receiver.respond(entry);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(body);
      for (const wake of [...waiters]) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}

export const SECRETS = {
  messenger: 'meta-app-secret',
  instagram: 'instagram-app-secret',
  whatsapp: 'whatsapp-app-secret',
  tiktok: 'tiktok-client-secret',
};

export const ACCOUNTS = {
  messenger: { platform: 'messenger', accountId: '102938475610293', accessToken: 'page-token', displayName: 'Acme Store' },
  instagram: { platform: 'instagram', accountId: '17841400000000000', accessToken: 'ig-token', displayName: 'Acme Store', username: 'acme.store', pageId: '102938475610293' },
  whatsapp: { platform: 'whatsapp', accountId: '123456789012345', accessToken: 'wa-token', wabaId: '109876543210987', displayPhoneNumber: '15550001111' },
  twilio: { platform: 'twilio', accountId: 'AC00000000000000000000000000000000', accessToken: 'twilio-auth-token', sender: 'whatsapp:+14155238886' },
  tiktok: { platform: 'tiktok', accountId: '-000Qb3kLxVY8cF2mDq1rTz0uW7nE5aJ9', accessToken: 'tt-token', displayName: 'Acme Store', username: 'acme.store' },
} satisfies Record<string, SimAccount>;

export interface Harness {
  sim: SimulatorWithOAuth;
  receiver: Receiver;
  close(): Promise<void>;
}

export async function startHarness(options: Partial<SimulatorOptions> = {}): Promise<Harness> {
  const receiver = await startReceiver();
  const sim = await startSimulator({
    port: 0,
    webhookBaseUrl: receiver.url,
    accounts: Object.values(ACCOUNTS),
    secrets: SECRETS,
    receiptDelayMs: 20,
    ...options,
  });
  return {
    sim,
    receiver,
    close: async () => {
      await sim.close();
      await receiver.close();
    },
  };
}

/** JSON fetch helper returning status, headers and parsed body. */
export async function call(url: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: unknown; text: string }> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, body, text };
}

export const json = (value: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(value),
});

/** A call to the simulator's control API (`/_sim/…`), with the bearer secret it demands. */
export function control(sim: SimulatorWithOAuth, path: string, init: RequestInit = {}): ReturnType<typeof call> {
  return call(`${sim.url}${path}`, { ...init, headers: { authorization: `Bearer ${sim.controlSecret}`, ...(init.headers as Record<string, string> | undefined) } });
}

export const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
