import http from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * A small HTTP load generator on node:http with a keep-alive Agent: a fixed number of requests,
 * at most `concurrency` in flight (closed loop: a worker sends its next request when the previous
 * answer has been read), or paced at a fixed rate (open loop, `runPaced`). Request bodies are
 * built before the clock starts, so signing is not part of the measurement.
 */

export interface PreparedRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
}

export interface Reply {
  status: number;
  body: Buffer;
  /** performance.now() when the request was handed to the socket layer / the answer fully read. */
  sentAt: number;
  doneAt: number;
}

export interface LoadResult {
  requests: number;
  /** Index of each request → its reply (undefined when the connection failed). */
  replies: (Reply | undefined)[];
  errors: number;
  elapsedMs: number;
  latenciesMs: number[];
}

export function keepAliveAgent(maxSockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
}

export function send(base: URL, agent: http.Agent, req: PreparedRequest): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const sentAt = performance.now();
    const r = http.request(
      {
        host: base.hostname,
        port: base.port,
        method: req.method,
        path: req.path,
        agent,
        headers: { ...req.headers, ...(req.body && { 'content-length': String(req.body.length) }) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), sentAt, doneAt: performance.now() }));
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

/**
 * `requests` requests, `concurrency` at a time, over one keep-alive agent. Given several URLs
 * (instances of one service), request i goes to url[i % urls.length]: round-robin, with the same
 * total concurrency.
 */
export async function runLoad(opts: { url: string | string[]; concurrency: number; requests: PreparedRequest[] }): Promise<LoadResult> {
  const targets = (Array.isArray(opts.url) ? opts.url : [opts.url]).map((u) => ({ base: new URL(u), agent: keepAliveAgent(opts.concurrency) }));
  const replies: (Reply | undefined)[] = new Array(opts.requests.length);
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < opts.requests.length) {
      const i = next++;
      const { base, agent } = targets[i % targets.length]!;
      try {
        replies[i] = await send(base, agent, opts.requests[i]!);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const elapsedMs = performance.now() - started;
  targets.forEach((t) => t.agent.destroy());
  const latenciesMs = replies.flatMap((r) => (r ? [r.doneAt - r.sentAt] : []));
  return { requests: opts.requests.length, replies, errors, elapsedMs, latenciesMs };
}

export interface PacedResult extends LoadResult {
  /** Requests per second actually sent (the generator may fall behind the asked rate). */
  sentRate: number;
  /** Times (performance.now()) each request was sent. */
  sentAt: number[];
}

/**
 * Send at `rate` requests per second on a fixed schedule (request i at start + i/rate),
 * independent of how fast answers come back, with at most `maxInFlight` outstanding: when that
 * bound is hit the schedule slips, which shows as a sent rate below the asked one.
 */
export async function runPaced(opts: { url: string; rate: number; maxInFlight: number; requests: PreparedRequest[]; onSend?: (index: number, at: number) => void }): Promise<PacedResult> {
  const base = new URL(opts.url);
  const agent = keepAliveAgent(opts.maxInFlight);
  const n = opts.requests.length;
  const replies: (Reply | undefined)[] = new Array(n);
  const sentAt: number[] = new Array(n);
  const pending = new Set<Promise<void>>();
  let errors = 0;
  const started = performance.now();
  const interval = 1000 / opts.rate;
  for (let i = 0; i < n; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    // always yield, so answers are read even when the schedule is behind
    await new Promise((r) => (wait > 1 ? setTimeout(r, wait) : setImmediate(r)));
    while (pending.size >= opts.maxInFlight) await Promise.race(pending);
    sentAt[i] = performance.now();
    opts.onSend?.(i, sentAt[i]!);
    const p: Promise<void> = send(base, agent, opts.requests[i]!)
      .then((r) => void (replies[i] = r))
      .catch(() => void errors++)
      .finally(() => pending.delete(p));
    pending.add(p);
  }
  const lastSent = performance.now();
  await Promise.all(pending);
  const elapsedMs = performance.now() - started;
  agent.destroy();
  const latenciesMs = replies.flatMap((r) => (r ? [r.doneAt - r.sentAt] : []));
  return { requests: n, replies, errors, elapsedMs, latenciesMs, sentAt, sentRate: n / ((lastSent - started) / 1000) };
}
