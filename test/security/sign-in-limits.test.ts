import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Sign-in limits that hold: a per-account lock whatever the address (and the same for an email
 * nobody has), IPv6 clients counted per /64, and X-Forwarded-For believed only from a proxy
 * TRUST_PROXY names. The limits are small here so that no test depends on how fast the machine
 * checks passwords, and the lock's end is reached by moving it in the database, not by waiting.
 */
let t: TestApp;
let org: Awaited<ReturnType<TestApp['newOrganization']>>;
let proxied: TestApp;

beforeAll(async () => {
  t = await createTestApp({ SIGN_IN_MAX_FAILURES: '3', SIGN_IN_LOCK_MINUTES: '15', SIGN_IN_PER_ADDRESS_PER_MINUTE: '3' });
  org = await t.newOrganization();
  proxied = await createTestApp({ TRUST_PROXY: 'loopback', SIGN_IN_PER_ADDRESS_PER_MINUTE: '2' });
});
afterAll(async () => {
  await t?.close();
  await proxied?.close();
});

const login = (app: TestApp, email: string, password: string, remoteAddress: string, headers: Record<string, string> = {}) =>
  app.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress, headers });
const errorOf = (res: { json(): unknown }) => (res.json() as { error: { code: string; message: string } }).error;

describe('the per-account limit', { timeout: 120_000 }, () => {
  it('locks an email after SIGN_IN_MAX_FAILURES failures from different addresses, the right password included, and the same for an unknown email', async () => {
    const answers: Record<'known' | 'unknown', { status: number; body: unknown }[]> = { known: [], unknown: [] };
    const emails = { known: org.email, unknown: 'nobody-here@example.test' };
    for (const who of ['known', 'unknown'] as const) {
      // Three failures, each from an address of its own: no per-address limit is reached.
      for (let i = 0; i < 3; i++) {
        const res = await login(t, emails[who], `wrong-${i}`, `198.51.100.${who === 'known' ? 10 + i : 20 + i}`);
        answers[who].push({ status: res.statusCode, body: res.json() });
      }
      // Then the right password (for the unknown email: any) from yet another address.
      const locked = await login(t, emails[who], who === 'known' ? org.password : 'anything at all', `198.51.100.${who === 'known' ? 30 : 31}`);
      answers[who].push({ status: locked.statusCode, body: locked.json() });
    }
    expect(answers.known.map((a) => a.status)).toEqual([401, 401, 401, 429]);
    expect(answers.known[3]!.body).toMatchObject({ error: { code: 'ACCOUNT_LOCKED', message: expect.stringMatching(/try again in 15 min/), details: { retryAfterSeconds: expect.any(Number) } } });
    // Nothing tells an existing account from a made-up one: same statuses, same bodies.
    expect(answers.unknown).toEqual(answers.known);

    // The lock is temporary: once its time has passed (moved here instead of waited for), the
    // right password signs in, and the count starts again.
    await t.ctx.db.updateTable('sign_in_failures').set({ locked_until: new Date(Date.now() - 1000) }).where('email_key', '=', org.email.toLowerCase()).execute();
    expect((await login(t, org.email, org.password, '198.51.100.40')).statusCode).toBe(200);
    expect(await t.ctx.db.selectFrom('sign_in_failures').selectAll().where('email_key', '=', org.email.toLowerCase()).executeTakeFirst()).toBeUndefined();
  });

  it('is lifted when an admin sets a new password', async () => {
    const other = await t.newOrganization();
    for (let i = 0; i < 3; i++) await login(t, other.email, `wrong-${i}`, `198.51.100.${50 + i}`);
    expect(errorOf(await login(t, other.email, other.password, '198.51.100.60')).code).toBe('ACCOUNT_LOCKED');
    const reset = await t.app.inject({ method: 'POST', url: `/api/v1/users/${other.adminId}/password`, headers: { authorization: `Bearer ${other.token}` }, payload: { password: 'a brand new password' } });
    expect(reset.statusCode).toBe(200);
    expect((await login(t, other.email, 'a brand new password', '198.51.100.61')).statusCode).toBe(200);
  });
});

describe('per-address limits', { timeout: 120_000 }, () => {
  it('count an IPv6 client by its /64, and an IPv4-mapped address as the IPv4 one', async () => {
    // Three tries from three addresses of one /64 (different emails: no account is locked)…
    for (let i = 1; i <= 3; i++) expect((await login(t, `v6-${i}@example.test`, 'x-password', `2001:db8:1:2::${i}`)).statusCode).toBe(401);
    // …and a fourth address of the same /64 is over the limit, before any password is checked.
    const over = await login(t, 'v6-4@example.test', 'x-password', '2001:db8:1:2:ffff:ffff:ffff:fffe');
    expect(over.statusCode).toBe(429);
    expect(errorOf(over).code).toBe('RATE_LIMITED');
    // The next /64 is another client.
    expect((await login(t, 'v6-5@example.test', 'x-password', '2001:db8:1:3::1')).statusCode).toBe(401);

    for (let i = 1; i <= 3; i++) expect((await login(t, `v4-${i}@example.test`, 'x-password', '192.0.2.77')).statusCode).toBe(401);
    expect(errorOf(await login(t, 'v4-4@example.test', 'x-password', '::ffff:192.0.2.77')).code).toBe('RATE_LIMITED');
  });

  it('ignore X-Forwarded-For by default, even from a private network: a client cannot mint itself fresh addresses', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await login(t, `xff-${i}@example.test`, 'x-password', '10.9.8.7', { 'x-forwarded-for': `203.0.113.${i + 1}` })).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('believe X-Forwarded-For from the proxy TRUST_PROXY names, and only from it', async () => {
    // nginx on loopback appends the real client address: each client counts on its own…
    for (const client of ['192.0.2.50', '192.0.2.50', '192.0.2.51', '192.0.2.51'])
      expect((await login(proxied, `p-${client}@example.test`, 'x-password', '127.0.0.1', { 'x-forwarded-for': client })).statusCode).toBe(401);
    expect(errorOf(await login(proxied, 'p-again@example.test', 'x-password', '127.0.0.1', { 'x-forwarded-for': '192.0.2.50' })).code).toBe('RATE_LIMITED');
    // …while a peer that is not the named proxy is counted as itself, whatever it claims.
    expect((await login(proxied, 'q-1@example.test', 'x-password', '10.1.2.3', { 'x-forwarded-for': '192.0.2.60' })).statusCode).toBe(401);
    expect((await login(proxied, 'q-2@example.test', 'x-password', '10.1.2.3', { 'x-forwarded-for': '192.0.2.61' })).statusCode).toBe(401);
    expect(errorOf(await login(proxied, 'q-3@example.test', 'x-password', '10.1.2.3', { 'x-forwarded-for': '192.0.2.62' })).code).toBe('RATE_LIMITED');
  });
});
