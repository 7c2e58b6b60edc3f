import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelCredentials } from '../../src/channels/types.ts';
import { sealCredentials } from '../../src/core/channel-accounts/channel-credentials.ts';
import { createMediaFetcher, type MediaFetcher } from '../../src/core/media/media-fetcher.ts';
import { createMediaServices, type MediaServices } from '../../src/core/media/media-services.ts';
import type { MediaItem, Platform } from '../../src/db/schema.ts';
import type { AppContext } from '../../src/server/context.ts';
import { requireAuthentication } from '../../src/server/plugins/authenticate.ts';
import { installErrorHandler } from '../../src/server/plugins/error-handler.ts';
import { attachmentRoutes, mediaRoutes } from '../../src/server/routes/media.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(2000)]);
const MB = 1_048_576;

/** A platform stand-in on loopback: a route table and a log of what it was asked. */
interface Upstream {
  url: string;
  port: number;
  routes: Map<string, (req: IncomingMessage, res: ServerResponse) => void>;
  seen: { path: string; authorization?: string; xUser?: string; userAgent?: string }[];
  close(): Promise<void>;
}

async function startUpstream(): Promise<Upstream> {
  const routes: Upstream['routes'] = new Map();
  const seen: Upstream['seen'] = [];
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    seen.push({ path, authorization: req.headers.authorization, xUser: req.headers['x-user'] as string | undefined, userAgent: req.headers['user-agent'] });
    const route = routes.get(path);
    if (route) return route(req, res);
    res.writeHead(404).end();
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, port, routes, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The media plugins registered as src/server/app.ts does, for as long as app.ts does not register them itself. */
async function mediaServer(ctx: AppContext, services: MediaServices): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.decorate('ctx', ctx);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  await app.register(mediaRoutes, { services });
  await app.register(async (api) => {
    requireAuthentication(api);
    await api.register(attachmentRoutes, { services });
  });
  return app;
}

let t: TestApp;
let api: Upstream;
let cdn: Upstream;
let services: MediaServices;
let server: FastifyInstance;
let base: string;
let orgA: Awaited<ReturnType<TestApp['newOrganization']>>;
let orgB: Awaited<ReturnType<TestApp['newOrganization']>>;
let fetcher: MediaFetcher;

beforeAll(async () => {
  api = await startUpstream();
  cdn = await startUpstream();
  // The API hosts point at `api`; TikTok's at `cdn`, which makes `cdn` an allowed origin that is not Twilio's.
  t = await createTestApp({ META_GRAPH_URL: api.url, INSTAGRAM_GRAPH_URL: api.url, TWILIO_API_URL: api.url, TIKTOK_API_URL: cdn.url });
  services = await createMediaServices(t.config);
  const registered = t.app.hasRoute({ method: 'POST', url: '/api/v1/uploads' });
  server = registered ? t.app : await mediaServer(t.ctx, services);
  base = await server.listen({ port: 0, host: '127.0.0.1' });
  orgA = await t.newOrganization('A');
  orgB = await t.newOrganization('B');
  fetcher = createMediaFetcher({
    ...t.ctx,
    store: services.store,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    options: { attempts: 3, baseDelayMs: 10, maxDelayMs: 50, timeoutMs: 5_000, maxBytes: { messenger: MB, instagram: MB, whatsapp: MB, twilio: MB, tiktok: MB } },
  });
});

afterAll(async () => {
  await fetcher?.stop();
  if (server && server !== t.app) await server.close();
  await t?.close();
  await api?.close();
  await cdn?.close();
});

async function upload(token: string, bytes: Buffer, type: string, filename: string) {
  const form = new FormData();
  form.set('file', new Blob([bytes], { type }), filename);
  return fetch(`${base}/api/v1/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
}

describe('uploads and serving', () => {
  it('stores an upload and serves it back through a signed URL, byte for byte', async () => {
    const res = await upload(orgA.token, PNG, 'image/png', '../../cat.png');
    expect(res.status).toBe(201);
    const { upload: up } = (await res.json()) as { upload: { storageKey: string; type: string; mimeType: string; size: number; filename: string } };
    expect(up).toMatchObject({ type: 'image', mimeType: 'image/png', size: PNG.length, filename: 'cat.png' });

    const got = await fetch(services.signer.sign(up.storageKey).replace(t.config.publicUrl, base));
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(Buffer.from(await got.arrayBuffer()).equals(PNG)).toBe(true);

    const ranged = await fetch(services.signer.sign(up.storageKey, { filename: 'cat.png' }).replace(t.config.publicUrl, base), { headers: { range: 'bytes=0-7' } });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(PNG.subarray(0, 8))).toBe(true);
  });

  it('trusts the bytes, not the declared type, for images', async () => {
    const res = await upload(orgA.token, PNG, 'image/jpeg', 'photo.jpg');
    expect(res.status).toBe(201);
    expect(((await res.json()) as { upload: { mimeType: string } }).upload.mimeType).toBe('image/png');
  });

  it('refuses an image over 5 MB with 413 and a clear message', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(5 * MB)]);
    const res = await upload(orgA.token, big, 'image/png', 'huge.png');
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Images may be at most 5 MB/);
  });

  it('refuses HTML and SVG (415), whatever they claim to be', async () => {
    const html = await upload(orgA.token, Buffer.from('<!doctype html><script>alert(1)</script>'), 'text/html', 'x.html');
    expect(html.status).toBe(415);
    const svg = await upload(orgA.token, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'image/svg+xml', 'x.svg');
    expect(svg.status).toBe(415);
    const disguised = await upload(orgA.token, Buffer.from('<html><body onload="alert(1)"></body></html>'), 'text/plain', 'notes.txt');
    expect(disguised.status).toBe(415);
    const fakePdf = await upload(orgA.token, Buffer.from('not really a pdf at all, just text'), 'application/pdf', 'x.pdf');
    expect(fakePdf.status).toBe(415);
  });

  it('serves a stored HTML file (a customer may send one) as a download, never inline', async () => {
    const put = await services.store.put(Buffer.from('<html><script>alert(1)</script></html>'), { mimeType: 'text/html', filename: 'evil.html' });
    const res = await fetch(services.signer.sign(put.storageKey).replace(t.config.publicUrl, base));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="evil.html"/);
  });

  it('answers 404 to keys that try to leave the media folder', async () => {
    for (const path of ['/media/..%2f..%2fsecret.key', '/media/%2Fetc%2Fpasswd', '/media/..%2f..%2f..%2fetc%2fpasswd/x', '/media/../../secret.key', '/media/ABCDEF']) {
      const res = await server.inject({ method: 'GET', url: `${path}?exp=9999999999&sig=${'0'.repeat(64)}` });
      expect(res.statusCode, path).toBe(404);
    }
  });

  it('answers 403 to a forged, tampered or expired signature', async () => {
    const put = await services.store.put(PNG, { mimeType: 'image/png' });
    const good = new URL(services.signer.sign(put.storageKey));
    const forged = `/media/${put.storageKey}?exp=${good.searchParams.get('exp')}&sig=${'a'.repeat(64)}`;
    const longer = `/media/${put.storageKey}?exp=${Number(good.searchParams.get('exp')) + 1}&sig=${good.searchParams.get('sig')}`;
    const expired = new URL(services.signer.sign(put.storageKey, { nowMs: Date.now() - 2 * 86_400_000 }));
    for (const url of [forged, longer, `${expired.pathname}${expired.search}`, `/media/${put.storageKey}`]) {
      expect((await server.inject({ method: 'GET', url })).statusCode, url).toBe(403);
    }
    expect((await server.inject({ method: 'GET', url: `${good.pathname}${good.search}` })).statusCode).toBe(200);
  });

  it("streams a message's stored media to its own organisation only", async () => {
    const put = await services.store.put(PNG, { mimeType: 'image/png' });
    const id = await seedMessage(orgA.organizationId, 'messenger', null, [{ type: 'image', state: 'stored', storageKey: put.storageKey, mimeType: 'image/png', size: PNG.length }]);
    const mine = await fetch(`${base}/api/v1/messages/${id}/media/0`, { headers: { authorization: `Bearer ${orgA.token}` } });
    expect(mine.status).toBe(200);
    expect(Buffer.from(await mine.arrayBuffer()).equals(PNG)).toBe(true);
    const theirs = await fetch(`${base}/api/v1/messages/${id}/media/0`, { headers: { authorization: `Bearer ${orgB.token}` } });
    expect(theirs.status).toBe(404);
    expect((await fetch(`${base}/api/v1/messages/${id}/media/0`)).status).toBe(401);
  });
});

let seq = 0;
async function seedMessage(
  organizationId: number,
  platform: Platform,
  credentials: ChannelCredentials | null,
  media: MediaItem[],
  extra: { accountId?: string; metadata?: Record<string, unknown> } = {},
): Promise<number> {
  const db = t.ctx.db;
  seq++;
  const channel = await db
    .insertInto('channels')
    .values({
      organization_id: organizationId,
      platform,
      external_account_id: extra.accountId ?? `acct-${seq}-${randomBytes(3).toString('hex')}`,
      display_name: 'Shop',
      credentials_enc: credentials ? sealCredentials(t.ctx.secretBox, credentials) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const contact = await db.insertInto('contacts').values({ organization_id: organizationId }).returning('id').executeTakeFirstOrThrow();
  const identity = await db
    .insertInto('contact_identities')
    .values({ organization_id: organizationId, contact_id: contact.id, channel_id: channel.id, platform, platform_user_id: `user-${seq}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const conversation = await db
    .insertInto('conversations')
    .values({ organization_id: organizationId, channel_id: channel.id, contact_identity_id: identity.id, contact_id: contact.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  const message = await db
    .insertInto('messages')
    .values({
      organization_id: organizationId,
      conversation_id: conversation.id,
      channel_id: channel.id,
      direction: 'inbound',
      content: 'look at this',
      content_type: media[0]?.type ?? 'text',
      media: JSON.stringify(media),
      metadata: JSON.stringify(extra.metadata ?? {}),
      status: 'delivered',
      external_id: `m-${seq}`,
      platform_timestamp: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return message.id;
}

async function fetchAndRead(id: number) {
  fetcher.enqueue([id]);
  await fetcher.idle();
  return t.ctx.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

const servePng = (res: ServerResponse) => res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);

describe('inbound media fetcher', () => {
  it('stores a Messenger CDN file from an allowed host and records a message:updated event', async () => {
    cdn.routes.set('/cdn/m1.png', (_req, res) => servePng(res));
    const id = await seedMessage(orgA.organizationId, 'messenger', { platform: 'messenger', pageAccessToken: 'page-token' }, [{ type: 'image', url: `${cdn.url}/cdn/m1.png`, state: 'pending' }]);
    const row = await fetchAndRead(id);
    const item = row.media[0]!;
    expect(item).toMatchObject({ state: 'stored', mimeType: 'image/png', size: PNG.length });
    const opened = await services.store.stat(item.storageKey!);
    expect(opened?.size).toBe(PNG.length);
    expect(row.content).toBe('look at this');
    const events = await t.ctx.db.selectFrom('events').select(['type', 'payload']).where('organization_id', '=', orgA.organizationId).execute();
    expect(events.some((e) => e.type === 'message:updated' && (e.payload as { message: { id: number } }).message.id === id)).toBe(true);
    expect(cdn.seen.find((s) => s.path === '/cdn/m1.png')?.authorization).toBeUndefined();
  });

  it('downloads WhatsApp media in two steps with the Bearer token and a User-Agent', async () => {
    api.routes.set('/v25.0/WAMEDIA1', (req, res) => {
      if (req.headers.authorization !== 'Bearer wa-token') return res.writeHead(401).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url: `${api.url}/wa/WAMEDIA1?hash=x`, mime_type: 'image/png', id: 'WAMEDIA1' }));
    });
    api.routes.set('/wa/WAMEDIA1', (req, res) => (req.headers.authorization === 'Bearer wa-token' ? servePng(res) : res.writeHead(401).end()));
    const id = await seedMessage(orgA.organizationId, 'whatsapp', { platform: 'whatsapp', accessToken: 'wa-token' }, [{ type: 'image', platformMediaId: 'WAMEDIA1', state: 'pending' }]);
    const row = await fetchAndRead(id);
    expect(row.media[0]).toMatchObject({ state: 'stored', mimeType: 'image/png', size: PNG.length, platformMediaId: 'WAMEDIA1' });
    expect(api.seen.find((s) => s.path === '/wa/WAMEDIA1')?.userAgent).toMatch(/snorq/);
  });

  it('downloads Twilio media with Basic auth and does not forward it to the CDN it redirects to', async () => {
    api.routes.set('/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1', (req, res) => {
      const expected = `Basic ${Buffer.from('AC1:tw-secret').toString('base64')}`;
      if (req.headers.authorization !== expected) return res.writeHead(401).end();
      res.writeHead(302, { location: `${cdn.url}/twcdn/ME1` }).end();
    });
    cdn.routes.set('/twcdn/ME1', (_req, res) => servePng(res));
    const media: MediaItem[] = [{ type: 'image', url: `${api.url}/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1`, mimeType: 'image/png', state: 'pending' }];
    const id = await seedMessage(orgA.organizationId, 'twilio', { platform: 'twilio', accountSid: 'AC1', authToken: 'tw-secret' }, media, { accountId: `AC1:whatsapp:+1555${seq}` });
    const row = await fetchAndRead(id);
    expect(row.media[0]).toMatchObject({ state: 'stored', size: PNG.length });
    expect(cdn.seen.find((s) => s.path === '/twcdn/ME1')).toMatchObject({ authorization: undefined });
  });

  it('refuses a link to a host that is not allowed, marks it failed and leaves the text alone', async () => {
    const before = api.seen.length;
    const media: MediaItem[] = [
      { type: 'image', url: `http://127.0.0.2:${api.port}/cdn/secret.png`, state: 'pending' },
      { type: 'file', url: 'https://example.com/report.pdf', filename: 'report.pdf', state: 'pending' },
    ];
    const id = await seedMessage(orgA.organizationId, 'messenger', null, media);
    const row = await fetchAndRead(id);
    expect(row.media.map((m) => m.state)).toEqual(['failed', 'failed']);
    expect(row.media[0]!.error).toMatch(/127\.0\.0\.2.*not a host snorq fetches media from/);
    expect(row.media[1]!.error).toMatch(/example\.com/);
    expect(row.media[1]!.filename).toBe('report.pdf');
    expect(row).toMatchObject({ content: 'look at this', content_type: 'image', status: 'delivered' });
    expect(api.seen.length).toBe(before);
  });

  it('refuses a redirect to a host that is not allowed', async () => {
    cdn.routes.set('/cdn/hop.png', (_req, res) => res.writeHead(302, { location: `http://127.0.0.2:${api.port}/internal` }).end());
    const id = await seedMessage(orgA.organizationId, 'instagram', null, [{ type: 'image', url: `${cdn.url}/cdn/hop.png`, state: 'pending' }]);
    const row = await fetchAndRead(id);
    expect(row.media[0]).toMatchObject({ state: 'failed' });
    expect(row.media[0]!.error).toMatch(/redirected to 127\.0\.0\.2/);
    expect(api.seen.some((s) => s.path === '/internal')).toBe(false);
  });

  it('retries a transient 500 and then stores the file', async () => {
    let calls = 0;
    cdn.routes.set('/cdn/flaky.png', (_req, res) => (++calls === 1 ? res.writeHead(500).end() : servePng(res)));
    const id = await seedMessage(orgA.organizationId, 'messenger', null, [{ type: 'image', url: `${cdn.url}/cdn/flaky.png`, state: 'pending' }]);
    const row = await fetchAndRead(id);
    expect(row.media[0]).toMatchObject({ state: 'stored' });
    expect(calls).toBe(2);
  });

  it('gives up after the bounded number of tries, and does not retry a 404', async () => {
    let calls = 0;
    cdn.routes.set('/cdn/down.png', (_req, res) => (calls++, res.writeHead(503).end()));
    let gone = 0;
    cdn.routes.set('/cdn/gone.png', (_req, res) => (gone++, res.writeHead(404).end()));
    const id = await seedMessage(orgA.organizationId, 'messenger', null, [
      { type: 'image', url: `${cdn.url}/cdn/down.png`, state: 'pending' },
      { type: 'image', url: `${cdn.url}/cdn/gone.png`, state: 'pending' },
    ]);
    const row = await fetchAndRead(id);
    expect(row.media[0]!.error).toMatch(/HTTP 503.*gave up after 3 tries/);
    expect(row.media[1]!.error).toMatch(/HTTP 404/);
    expect([calls, gone]).toEqual([3, 1]);
  });

  it('refuses a file over the cap even when it sends no Content-Length', async () => {
    cdn.routes.set('/cdn/big.bin', (_req, res) => {
      res.writeHead(200, { 'content-type': 'video/mp4' });
      for (let i = 0; i < 3; i++) res.write(Buffer.alloc(MB / 2 + 1));
      res.end();
    });
    const id = await seedMessage(orgA.organizationId, 'messenger', null, [{ type: 'video', url: `${cdn.url}/cdn/big.bin`, state: 'pending' }]);
    const row = await fetchAndRead(id);
    expect(row.media[0]!.error).toMatch(/larger than 1 MB/);
  });

  it('sweep picks up media a crash left pending', async () => {
    cdn.routes.set('/cdn/left.png', (_req, res) => servePng(res));
    const id = await seedMessage(orgB.organizationId, 'messenger', null, [{ type: 'image', url: `${cdn.url}/cdn/left.png`, state: 'pending' }]);
    await fetcher.sweep();
    await fetcher.idle();
    const row = await t.ctx.db.selectFrom('messages').select('media').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.media[0]!.state).toBe('stored');
  });
});
