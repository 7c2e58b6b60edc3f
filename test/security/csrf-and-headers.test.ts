import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { buildApp } from '../../src/server/app.ts';
import { contentSecurityPolicy } from '../../src/server/routes/web-app.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Cross-site request forgery and response headers. A change made with the session cookie must
 * come from snorq's own pages (Origin = PUBLIC_URL, or Sec-Fetch-Site: same-origin), else 403
 * ORIGIN_MISMATCH and nothing changes; bearer-token clients are not affected. JSON answers are
 * never cached or sniffed, and the web app may open sockets to its own origin only.
 */
const PUBLIC = 'https://snorq.test'; // createTestApp's PUBLIC_URL
let t: TestApp;
let token: string;
let cookie: string;

const cannedCount = async () =>
  Number(
    (
      await t.ctx.db
        .selectFrom('canned_responses')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const addCanned = (headers: Record<string, string>, shortcut = `s${Math.random().toString(36).slice(2, 8)}`) =>
  t.app.inject({ method: 'POST', url: '/api/v1/canned-responses', headers, payload: { shortcut, content: 'Thanks!' } });
const codeOf = (res: { json(): unknown }) => (res.json() as { error?: { code?: string } }).error?.code;

beforeAll(async () => {
  t = await createTestApp();
  ({ token } = await t.newOrganization());
  cookie = `snorq_session=${token}`;
});
afterAll(async () => t?.close());

describe('changes made with the session cookie', () => {
  it('are refused without an Origin from snorq, before the body is read, and nothing changes', async () => {
    const before = await cannedCount();
    for (const [what, headers] of [
      ['no Origin at all', {}],
      ['another site', { origin: 'https://evil.example' }],
      ['a sibling subdomain (same site, SameSite=Lax lets its cookie through)', { origin: 'https://evil.snorq.test', 'sec-fetch-site': 'same-site' }],
      ['the right host over http', { origin: 'http://snorq.test' }],
      ['an opaque origin', { origin: 'null' }],
      ['a cross-site fetch that hides its Origin', { 'sec-fetch-site': 'cross-site' }],
      ['a malformed Origin', { origin: 'snorq.test' }],
    ] as const) {
      const res = await addCanned({ cookie, ...headers });
      expect([res.statusCode, codeOf(res)], what).toEqual([403, 'ORIGIN_MISMATCH']);
      expect((res.json() as { error: { message: string } }).error.message.length, what).toBeGreaterThan(20);
    }
    // PATCH and DELETE too, and signing out: another site cannot end a session either.
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/canned-responses/1', headers: { cookie, origin: 'https://evil.example' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PATCH', url: '/api/v1/conversations/1', headers: { cookie, origin: 'https://evil.example' }, payload: { status: 'resolved' } })).statusCode).toBe(403);
    expect(codeOf(await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie, origin: 'https://evil.example' } }))).toBe('ORIGIN_MISMATCH');
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(200);
    // A body too large to read is still answered ORIGIN_MISMATCH: the check runs before parsing.
    const big = await t.app.inject({
      method: 'POST',
      url: '/api/v1/canned-responses',
      headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/json' },
      payload: '['.repeat(300_000),
    });
    expect(codeOf(big)).toBe('ORIGIN_MISMATCH');
    expect(await cannedCount()).toBe(before);
  });

  it('are accepted from snorq’s own pages: Origin = PUBLIC_URL, or Sec-Fetch-Site: same-origin', async () => {
    const before = await cannedCount();
    expect((await addCanned({ cookie, origin: PUBLIC })).statusCode).toBe(201);
    expect((await addCanned({ cookie, origin: PUBLIC, 'sec-fetch-site': 'same-origin' })).statusCode).toBe(201);
    // A referrer policy or a proxy may hide the Origin; the browser's own Sec-Fetch-Site still says it.
    expect((await addCanned({ cookie, 'sec-fetch-site': 'same-origin' })).statusCode).toBe(201);
    expect((await addCanned({ cookie, origin: 'null', 'sec-fetch-site': 'same-origin' })).statusCode).toBe(201);
    expect(await cannedCount()).toBe(before + 4);
    // Reads need no Origin.
    expect((await t.app.inject({ url: '/api/v1/canned-responses', headers: { cookie } })).statusCode).toBe(200);
  });

  it('with a bearer token are not affected, whatever the Origin', async () => {
    expect((await addCanned({ authorization: `Bearer ${token}` })).statusCode).toBe(201);
    expect((await addCanned({ authorization: `Bearer ${token}`, origin: 'https://evil.example', cookie })).statusCode).toBe(201);
  });

  it('sign-in from another site is refused (login CSRF); API clients without an Origin still sign in', async () => {
    const org = await t.newOrganization('Login CSRF');
    const body = { email: org.email, password: org.password };
    const forged = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { origin: 'https://evil.example' }, payload: body });
    expect([forged.statusCode, codeOf(forged)]).toEqual([403, 'ORIGIN_MISMATCH']);
    expect(forged.headers['set-cookie']).toBeUndefined();
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { origin: PUBLIC }, payload: body })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: body })).statusCode).toBe(200);
  });

  it('accept the page’s own origin in development (the Vite dev server, localhost or 127.0.0.1), never in production', async () => {
    const asPage = (app: FastifyInstance, host: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/canned-responses',
        headers: { cookie, host, origin: `http://${host}` },
        payload: { shortcut: `dev${host.length}${Math.random().toString(36).slice(2, 6)}`, content: 'x' },
      });
    const dev = await buildApp({ ...t.ctx, config: { ...t.config, NODE_ENV: 'development' } });
    const prod = await buildApp({ ...t.ctx, config: { ...t.config, NODE_ENV: 'production' } });
    try {
      expect((await asPage(dev, 'localhost:5173')).statusCode).toBe(201);
      expect((await asPage(dev, '127.0.0.1:3000')).statusCode).toBe(201);
      // The page's origin must be the host the request went to: another site's stays refused.
      expect((await dev.inject({ method: 'POST', url: '/api/v1/canned-responses', headers: { cookie, host: 'localhost:5173', origin: 'http://evil.example' }, payload: {} })).statusCode).toBe(403);
      expect((await asPage(prod, 'localhost:5173')).statusCode).toBe(403);
      expect((await prod.inject({ method: 'POST', url: '/api/v1/canned-responses', headers: { cookie, origin: PUBLIC }, payload: { shortcut: 'prod1', content: 'x' } })).statusCode).toBe(201);
    } finally {
      await dev.close();
      await prod.close();
    }
  });
});

describe('response headers', () => {
  it('JSON answers are nosniff and no-store, errors included', async () => {
    const answers = [
      await t.app.inject({ url: '/api/v1/canned-responses', headers: { authorization: `Bearer ${token}` } }),
      await t.app.inject({ url: '/api/v1/canned-responses' }),
      await t.app.inject({ url: '/api/v1/nothing-here' }),
      await t.app.inject({ url: '/healthz' }),
      await addCanned({ cookie }),
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024) }, payload: '{}' }),
    ];
    for (const res of answers) {
      expect(res.headers['content-type'], res.body).toMatch(/^application\/json/);
      expect(res.headers['x-content-type-options'], res.body).toBe('nosniff');
      expect(res.headers['cache-control'], res.body).toBe('no-store');
    }
  });

  it('the web app’s CSP lets it open sockets to its own origin only', async () => {
    const dist = await fs.mkdtemp(path.join(os.tmpdir(), 'snorq-web-'));
    await fs.writeFile(path.join(dist, 'index.html'), '<!doctype html><title>snorq</title>');
    const app = await buildApp({ ...t.ctx, config: { ...t.config, NODE_ENV: 'production' } }, { webDist: dist });
    try {
      const res = await app.inject({ url: '/inbox', headers: { host: 'snorq.test' } });
      expect(res.statusCode).toBe(200);
      const connect = String(res.headers['content-security-policy'])
        .split(';')
        .map((d) => d.trim())
        .find((d) => d.startsWith('connect-src'));
      expect(connect?.split(/\s+/).sort()).toEqual(['connect-src', "'self'", 'wss://snorq.test'].sort());
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    } finally {
      await app.close();
      await fs.rm(dist, { recursive: true, force: true });
    }
    const local = loadConfig({ NODE_ENV: 'development', PORT: '3000' });
    // npm start without PUBLIC_URL, opened as 127.0.0.1: its own socket origin, and localhost's.
    expect(contentSecurityPolicy(local, { protocol: 'http', host: '127.0.0.1:3000' })).toContain("connect-src 'self' ws://localhost:3000 ws://127.0.0.1:3000;");
    expect(
      contentSecurityPolicy({ ...local, NODE_ENV: 'production', PUBLIC_URL: 'https://inbox.example.com', publicUrl: 'https://inbox.example.com' }, { protocol: 'https', host: 'evil.example' }),
    ).toContain("connect-src 'self' wss://inbox.example.com;");
  });
});
