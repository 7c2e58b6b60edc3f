import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Sign-in limits that hold: a per-account lock whatever the address (and the same for an email
 * nobody has), IPv6 clients counted per /64, and X-Forwarded-For believed only from a proxy
 * TRUST_PROXY names. The limits are small here so that no test depends on how fast the machine
 * checks passwords (the per-account window is 15 minutes), and the lock's end is reached by
 * moving it in the database, not by waiting.
 */
let t: TestApp;
let org: Awaited<ReturnType<TestApp['newOrganization']>>;
let proxied: TestApp;

beforeAll(async () => {
  t = await createTestApp({ SIGN_IN_MAX_FAILURES: '3', SIGN_IN_LOCK_MINUTES: '15', SIGN_IN_PER_ADDRESS_PER_MINUTE: '3' });
  org = await t.newOrganization();
  proxied = await createTestApp({ TRUST_PROXY: 'loopback', SIGN_IN_PER_ADDRESS_PER_MINUTE: '2' });
}, 180_000);
afterAll(async () => {
  await t?.close();
  await proxied?.close();
});

const login = (app: TestApp, email: string, password: string, remoteAddress: string, headers: Record<string, string> = {}) =>
  app.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress, headers });
const errorOf = (res: { json(): unknown }) => (res.json() as { error: { code: string; message: string } }).error;

describe('the per-account limit', () => {
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
    await t.ctx.db
      .updateTable('sign_in_failures')
      .set({ locked_until: new Date(Date.now() - 1000) })
      .where('email_key', '=', org.email.toLowerCase())
      .execute();
    expect((await login(t, org.email, org.password, '198.51.100.40')).statusCode).toBe(200);
    expect(await t.ctx.db.selectFrom('sign_in_failures').selectAll().where('email_key', '=', org.email.toLowerCase()).executeTakeFirst()).toBeUndefined();
  });

  it('is lifted when an admin sets a new password', async () => {
    const other = await t.newOrganization();
    for (let i = 0; i < 3; i++) await login(t, other.email, `wrong-${i}`, `198.51.100.${50 + i}`);
    expect(errorOf(await login(t, other.email, other.password, '198.51.100.60')).code).toBe('ACCOUNT_LOCKED');
    const reset = await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${other.adminId}/password`,
      headers: { authorization: `Bearer ${other.token}` },
      payload: { password: 'a brand new password' },
    });
    expect(reset.statusCode).toBe(200);
    expect((await login(t, other.email, 'a brand new password', '198.51.100.61')).statusCode).toBe(200);
  });
});

/**
 * The per-address tests sign in as an email whose lock is already set, so every try is answered
 * ACCOUNT_LOCKED at once, without a password check: they take milliseconds, and the per-minute
 * window cannot run out between tries however slow the machine.
 */
const LOCKED = 'locked-on-purpose@example.test';
const lockIn = async (app: TestApp) => {
  await app.ctx.db
    .insertInto('sign_in_failures')
    .values({ email_key: LOCKED, locked_until: new Date(Date.now() + 3600_000) })
    .execute();
};
const codes = async (app: TestApp, tries: { address: string; headers?: Record<string, string> }[]) => {
  const out: string[] = [];
  for (const { address, headers } of tries) out.push(errorOf(await login(app, LOCKED, 'any password', address, headers)).code);
  return out;
};

describe('per-address limits', () => {
  beforeAll(async () => {
    await lockIn(t);
    await lockIn(proxied);
  });

  it('count an IPv6 client by its /64, and an IPv4-mapped address as the IPv4 one', async () => {
    // Three tries from three addresses of one /64, then a fourth address of it is over the limit;
    // the next /64 is another client.
    const v6 = ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:db8:1:2:abcd::3', '2001:db8:1:2:ffff:ffff:ffff:fffe', '2001:db8:1:3::1'];
    expect(
      await codes(
        t,
        v6.map((address) => ({ address })),
      ),
    ).toEqual(['ACCOUNT_LOCKED', 'ACCOUNT_LOCKED', 'ACCOUNT_LOCKED', 'RATE_LIMITED', 'ACCOUNT_LOCKED']);
    const v4 = ['192.0.2.77', '192.0.2.77', '192.0.2.77', '::ffff:192.0.2.77'];
    expect(
      await codes(
        t,
        v4.map((address) => ({ address })),
      ),
    ).toEqual(['ACCOUNT_LOCKED', 'ACCOUNT_LOCKED', 'ACCOUNT_LOCKED', 'RATE_LIMITED']);
  });

  it('ignore X-Forwarded-For by default, even from a private network: a client cannot mint itself fresh addresses', async () => {
    const tries = [1, 2, 3, 4].map((i) => ({ address: '10.9.8.7', headers: { 'x-forwarded-for': `203.0.113.${i}` } }));
    expect(await codes(t, tries)).toEqual(['ACCOUNT_LOCKED', 'ACCOUNT_LOCKED', 'ACCOUNT_LOCKED', 'RATE_LIMITED']);
  });

  it('believe X-Forwarded-For from the proxy TRUST_PROXY names, and only from it', async () => {
    // nginx on loopback appends the real client address: each client counts on its own (limit 2)…
    const viaProxy = ['192.0.2.50', '192.0.2.50', '192.0.2.51', '192.0.2.51', '192.0.2.50'].map((client) => ({ address: '127.0.0.1', headers: { 'x-forwarded-for': client } }));
    expect(await codes(proxied, viaProxy)).toEqual(['ACCOUNT_LOCKED', 'ACCOUNT_LOCKED', 'ACCOUNT_LOCKED', 'ACCOUNT_LOCKED', 'RATE_LIMITED']);
    // …while a peer that is not the named proxy is counted as itself, whatever it claims.
    const direct = ['192.0.2.60', '192.0.2.61', '192.0.2.62'].map((client) => ({ address: '10.1.2.3', headers: { 'x-forwarded-for': client } }));
    expect(await codes(proxied, direct)).toEqual(['ACCOUNT_LOCKED', 'ACCOUNT_LOCKED', 'RATE_LIMITED']);
  });
});
