import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { SimContext } from './context.ts';
import type { AnsweringFault, RecordedCall, SimPlatform } from './types.ts';

/**
 * The simulator's HTTP server: every body arrives as raw bytes (platform routes decide how to read
 * them, as the platforms do), is parsed once for the record, and every call except /_sim is recorded.
 * `/_sim/…` answers only to `Authorization: Bearer <controlSecret>`, checked before the body is read:
 * the recorded calls carry the tokens snorq sends, and any local process can reach this port.
 */

export interface MultipartBody {
  fields: Record<string, string>;
  files: { field: string; filename: string; contentType: string; bytes: Buffer }[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** JSON → value; form → params; multipart → MultipartBody; text otherwise; undefined when empty. */
    simBody: unknown;
    simCall: RecordedCall | undefined;
  }
}

export function createServer(ctx: SimContext): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 110 * 1024 * 1024, forceCloseConnections: true, routerOptions: { maxParamLength: 1000 } });
  app.decorateRequest('simBody', undefined);
  app.decorateRequest('simCall', undefined);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  const expected = digest(ctx.options.controlSecret);
  app.addHook('onRequest', async (req, reply) => {
    if (!isControlRoute(req)) return;
    const presented = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (presented !== undefined && timingSafeEqual(digest(presented), expected)) return;
    return reply.code(401).send({ error: 'the simulator control API needs Authorization: Bearer <control secret>', code: 'SIM_CONTROL_SECRET_REQUIRED' });
  });

  app.addHook('preHandler', async (req) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    req.simBody = await parseBody(req.headers['content-type'], raw);
    if (isControlRoute(req)) return;
    const [path] = req.url.split('?');
    req.simCall = ctx.recorder.record({
      platform: 'unknown',
      method: req.method,
      path: path ?? req.url,
      query: req.query as Record<string, string | string[]>,
      headers: { ...req.headers },
      body: forRecord(req.simBody),
      time: ctx.now(),
    });
  });
  // Any call may change what the platforms remember (a send, a setWebhook, an upload): the state file is written soon after.
  app.addHook('onResponse', async () => ctx.state.changed());
  app.addHook('onSend', async (req, reply, payload) => {
    // The answer is recorded as soon as the platform has made it; its status once it is sent. A
    // `slow` answer, held on its way, is thus readable while the caller still waits for it (the
    // message id a customer's reply would quote).
    if (req.simCall) req.simCall.response = typeof payload === 'string' ? tryJson(payload) : undefined;
    if (req.simCall?.fault === 'slow') {
      const held = ctx.faults.holdAnswer();
      await Promise.race([ctx.timers.hold(ctx.options.hangMs), held.done]);
      held.forget();
    }
    if (req.simCall) {
      req.simCall.status = reply.statusCode;
      ctx.recorder.answered();
    }
    return payload;
  });
  return app;
}

const registered = new WeakMap<FastifyInstance, Set<string>>();

/**
 * Register routes several platforms are reached through (graph.facebook.com serves Messenger,
 * Instagram and WhatsApp) once per server, whichever of those platforms asks first: each platform
 * folder asks for what it needs and works without the others.
 */
export function registerOnce(app: FastifyInstance, key: string, register: () => void): void {
  const done = registered.get(app) ?? new Set<string>();
  registered.set(app, done);
  if (done.has(key)) return;
  done.add(key);
  register();
}

/**
 * A control route by its matched route (the router decodes `%5F`, so the raw URL alone could be
 * dodged) or, when nothing matched, by its path.
 */
function isControlRoute(req: FastifyRequest): boolean {
  const path = req.routeOptions.url ?? decodeURIComponentSafe(req.url.split('?')[0] ?? '');
  return path === '/_sim' || path.startsWith('/_sim/');
}

function decodeURIComponentSafe(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** Both sides hashed first: equal lengths for timingSafeEqual whatever is presented. */
const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * The request path after `prefix`, still percent-encoded: ids may contain `/` or `+` (Instagram
 * ids, TikTok conversation ids) and must be split on the raw `/` before decoding.
 */
export function rawPathAfter(req: FastifyRequest, prefix: string): string {
  const path = req.url.split('?')[0] ?? '';
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

/** Attribute the current call to a platform in the record. */
export function attribute(req: FastifyRequest, platform: RecordedCall['platform']): void {
  if (req.simCall) req.simCall.platform = platform;
}

/**
 * Use up an armed fault for this platform, if any. `timeout` holds the request past any sane client
 * timeout and then drops the connection; `slow` lets the call through and holds its answer; the others are answered by `respond` in the platform's way,
 * except `window_closed` on platforms that report a closed window asynchronously (WhatsApp, Twilio:
 * `asyncWindow`), where the caller accepts the send and fails it later, and `platform_error` on a
 * platform whose refusals are delivery failures (Twilio: `asyncErrors`), which the caller accepts
 * and fails later with `{ failLater: code }`.
 */
export async function applyFault(
  ctx: SimContext,
  req: FastifyRequest,
  reply: FastifyReply,
  platform: SimPlatform,
  isSend: boolean,
  respond: (kind: AnsweringFault, retryAfterSeconds: number, code: string) => FastifyReply,
  asyncWindow = false,
  asyncErrors = false,
): Promise<'handled' | 'window_closed' | { failLater: string } | false> {
  const fault = ctx.faults.take(platform, isSend);
  if (!fault) return false;
  if (req.simCall) req.simCall.fault = fault.kind;
  ctx.log(`fault ${fault.kind} on ${platform} ${req.method} ${req.url}`);
  if (fault.kind === 'timeout') {
    await ctx.timers.hold(ctx.options.hangMs);
    reply.hijack();
    reply.raw.destroy();
    return 'handled';
  }
  // Carried out as usual; the onSend hook holds the answer.
  if (fault.kind === 'slow') return false;
  if (fault.kind === 'window_closed' && asyncWindow) return 'window_closed';
  if (fault.kind === 'platform_error' && asyncErrors) return { failLater: fault.code };
  respond(fault.kind, fault.retryAfterSeconds, fault.code);
  return 'handled';
}

async function parseBody(contentType: string | undefined, raw: Buffer): Promise<unknown> {
  if (raw.length === 0) return undefined;
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const text = raw.toString('utf8');
  if (type === 'application/json' || type.endsWith('+json')) return tryJson(text);
  if (type === 'application/x-www-form-urlencoded') return formParams(text);
  if (type === 'multipart/form-data') {
    try {
      // The platform's own multipart reader (undici's), no extra dependency.
      const form = await new Request('http://sim.local/', { method: 'POST', headers: { 'content-type': contentType ?? '' }, body: new Uint8Array(raw) }).formData();
      const entries: { field: string; value: Parameters<Parameters<FormData['forEach']>[0]>[0] }[] = [];
      form.forEach((value, field) => entries.push({ field, value }));
      const body: MultipartBody = { fields: {}, files: [] };
      for (const { field, value } of entries) {
        if (typeof value === 'string') body.fields[field] = value;
        else body.files.push({ field, filename: value.name, contentType: value.type, bytes: Buffer.from(await value.arrayBuffer()) });
      }
      return body;
    } catch {
      return text;
    }
  }
  return text;
}

/** Form params as the platforms read them: a repeated key becomes an array (Twilio's MediaUrl). */
export function formParams(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function forRecord(body: unknown): unknown {
  if (body && typeof body === 'object' && 'files' in body && 'fields' in body) {
    const m = body as MultipartBody;
    return { fields: m.fields, files: m.files.map((f) => ({ field: f.field, filename: f.filename, contentType: f.contentType, size: f.bytes.length })) };
  }
  return body;
}
