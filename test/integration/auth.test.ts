import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

// Each password check costs a fixed amount of CPU (scrypt): generous timeouts for a busy machine.
describe('sign-in and tokens', () => {
  it('answers a session cookie (HttpOnly, SameSite) and a bearer token that both work', async () => {
    const org = await t.newOrganization();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: org.email, password: org.password } });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/snorq_session=snq_ses_/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const { token } = res.json();
    const byBearer = await t.app.inject({ url: '/api/v1/users', headers: { authorization: `Bearer ${token}` } });
    expect(byBearer.statusCode).toBe(200);
    const byCookie = await t.app.inject({ url: '/api/v1/users', cookies: { snorq_session: token } });
    expect(byCookie.statusCode).toBe(200);
    expect(byCookie.json().users).toHaveLength(1);
  });

  it('refuses a wrong password with 401 and the same message as an unknown email', async () => {
    const org = await t.newOrganization();
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: org.email, password: 'nope-nope-nope' } });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'nobody@example.test', password: 'nope-nope-nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe(unknown.json().error.message);
  });

  // Sign-in limits (per address and email, per address, per account, proxies): test/security/sessions.test.ts
  // and test/security/sign-in-limits.test.ts, with limits small enough not to depend on the machine's speed.

  it('answers 401 on every protected route without credentials, and with a revoked token', async () => {
    for (const url of ['/api/v1/users', '/api/v1/tokens', '/api/v1/conversations/1']) {
      expect((await t.app.inject({ url })).statusCode).toBe(401);
      expect((await t.app.inject({ url, headers: { authorization: 'Bearer snq_ses_forged' } })).statusCode).toBe(401);
    }
    const org = await t.newOrganization();
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { authorization: `Bearer ${org.token}` } });
    expect((await t.app.inject({ url: '/api/v1/users', headers: { authorization: `Bearer ${org.token}` } })).statusCode).toBe(401);
  });

  it('lets admins create agents and API tokens; agents may not', async () => {
    const org = await t.newOrganization();
    const auth = { authorization: `Bearer ${org.token}` };
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: auth, payload: { email: 'agent@example.test', name: 'Agent A', password: 'agent password 1' } });
    expect(created.statusCode).toBe(201);
    expect(created.json().user.role).toBe('agent');
    expect(created.json().user).not.toHaveProperty('password_hash');
    const agentLogin = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'agent@example.test', password: 'agent password 1' } });
    const agentAuth = { authorization: `Bearer ${agentLogin.json().token}` };
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: agentAuth, payload: { email: 'x@example.test', name: 'X', password: 'xxxxxxxxxxxx' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: agentAuth, payload: { name: 'ci' } })).statusCode).toBe(403);

    const apiToken = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: auth, payload: { name: 'reporting' } });
    expect(apiToken.statusCode).toBe(201);
    expect(apiToken.json().token).toMatch(/^snq_api_/);
    expect((await t.app.inject({ url: '/api/v1/users', headers: { authorization: `Bearer ${apiToken.json().token}` } })).statusCode).toBe(200);
    const dup = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: auth, payload: { email: 'AGENT@example.test', name: 'Dup', password: 'agent password 1' } });
    expect(dup.statusCode).toBe(409);
  });

  it('never stores a password in clear', async () => {
    const org = await t.newOrganization();
    const row = await t.ctx.db.selectFrom('users').select('password_hash').where('email', '=', org.email).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(row.password_hash).not.toContain(org.password);
  });
});

describe('organisations never see each other', () => {
  it('answers 404 for another organisation’s conversation', async () => {
    const a = await t.newOrganization('A');
    const b = await t.newOrganization('B');
    const db = t.ctx.db;
    const channel = await db
      .insertInto('channels')
      .values({ organization_id: a.organizationId, platform: 'whatsapp', external_account_id: `pn-${a.organizationId}`, display_name: 'WA' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const contact = await db.insertInto('contacts').values({ organization_id: a.organizationId, display_name: 'Ann' }).returning('id').executeTakeFirstOrThrow();
    const identity = await db
      .insertInto('contact_identities')
      .values({ organization_id: a.organizationId, contact_id: contact.id, channel_id: channel.id, platform: 'whatsapp', platform_user_id: '4915550001' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const conv = await db
      .insertInto('conversations')
      .values({ organization_id: a.organizationId, channel_id: channel.id, contact_identity_id: identity.id, contact_id: contact.id })
      .returning('id')
      .executeTakeFirstOrThrow();

    const own = await t.app.inject({ url: `/api/v1/conversations/${conv.id}`, headers: { authorization: `Bearer ${a.token}` } });
    expect(own.statusCode).toBe(200);
    const other = await t.app.inject({ url: `/api/v1/conversations/${conv.id}`, headers: { authorization: `Bearer ${b.token}` } });
    expect(other.statusCode).toBe(404);
    const users = await t.app.inject({ url: '/api/v1/users', headers: { authorization: `Bearer ${b.token}` } });
    expect(users.json().users.map((u: { email: string }) => u.email)).toEqual([b.email]);
  });
});

describe('health and API description', () => {
  it('serves /healthz, /readyz and the OpenAPI document without auth', async () => {
    expect((await t.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready' });
    const doc = (await t.app.inject({ url: '/api/v1/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/v1/auth/login');
  });
});
