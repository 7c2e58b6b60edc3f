import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Sessions and sign-in: the cookie cannot be read by scripts or sent by other sites, signing out
 * ends it, and password guessing is slowed down by a limit a client cannot shake off by claiming
 * another address in X-Forwarded-For.
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

describe('sign-in rate limit', { timeout: 120_000 }, () => {
  it('answers 429 after 10 failed tries a minute for one account from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await login(org.email, `wrong-${i}`, {}, '203.0.113.7')).statusCode);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
    // The right password does not get through either while the limit holds.
    const right = await login(org.email, org.password, {}, '203.0.113.7');
    expect(right.statusCode).toBe(429);
    expect((right.json() as { error: { code: string; message: string } }).error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/try again in \d+ s/) });
  });
  // Per account whatever the address, per IPv6 /64, and X-Forwarded-For: sign-in-limits.test.ts.
});
