import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Sessions: the cookie cannot be read by scripts or sent by other sites, signing out ends it, and
 * a forged value is never accepted.
 */
let t: TestApp;
let org: Awaited<ReturnType<TestApp['newOrganization']>>;

beforeAll(async () => {
  t = await createTestApp(); // PUBLIC_URL https://snorq.test
  org = await t.newOrganization();
});
afterAll(async () => t?.close());

const login = (email: string, password: string, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, headers, remoteAddress });

describe('session cookies', () => {
  it('are HttpOnly, SameSite, Secure behind an https PUBLIC_URL, for the whole app, and expire', async () => {
    const res = await login(org.email, org.password, {}, '198.51.100.1');
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^snorq_session=snq_ses_[\w-]+;/);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=(Lax|Strict)/i);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; Max-Age=\d+/);
    // The body's token is the cookie's: it is shown to the page once, for Authorization headers.
    expect(cookie).toContain((res.json() as { token: string }).token);
  });

  it('stop working once signed out, and the cookie is cleared', async () => {
    const res = await login(org.email, org.password, {}, '198.51.100.2');
    const token = (res.json() as { token: string }).token;
    const cookie = `snorq_session=${token}`;
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(200);
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie, origin: t.config.publicUrl } });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/snorq_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/v1/users', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
  });

  it('are never accepted from a forged or malformed value', async () => {
    for (const cookie of ['snorq_session=snq_ses_forged', 'snorq_session=', `snorq_session=${'a'.repeat(5000)}`, 'snorq_session=snq_ses_%00', 'snorq_session=snq_ses_x; snorq_session=snq_ses_y']) {
      const res = await t.app.inject({ url: '/api/v1/users', headers: { cookie } });
      expect(res.statusCode, cookie.slice(0, 60)).toBe(401);
    }
  });
});

// Sign-in limits (per account whatever the address, per address and IPv6 /64, X-Forwarded-For and
// TRUST_PROXY): sign-in-limits.test.ts.
