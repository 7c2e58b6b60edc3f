import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { caller, orgWithAgent, WA_SECRET, type OrgUnderTest } from './settings-helpers.ts';

/**
 * What the people settings pages read and are refused: admins see when each user was last seen
 * and how many sessions they hold (agents do not), a taken e-mail is named as the field to fix,
 * nobody disables their own account, and the token list says who created each token.
 */
let t: TestApp;
let a: OrgUnderTest;
let as: ReturnType<typeof caller>;

interface ListedUser {
  id: number;
  email: string;
  lastSeenAt?: string | null;
  activeSessions?: number;
}

beforeAll(async () => {
  t = await createTestApp({ WHATSAPP_APP_SECRET: WA_SECRET });
  as = caller(t);
  a = await orgWithAgent(t, 'people');
}, 180_000);
afterAll(async () => t?.close());

const users = async (token: string) => ((await as(token, 'GET', '/api/v1/users?includeDisabled=false')).json() as { users: ListedUser[] }).users;

describe('the users list', () => {
  it('tells admins when each user was last seen and how many sessions they hold; agents get neither', async () => {
    const created = await as(a.admin, 'POST', '/api/v1/users', { email: `never-${Date.now()}@example.test`, name: 'Never Signed In', role: 'agent', password: 'a fine password' });
    expect(created.statusCode, created.body).toBe(201);
    const neverId = (created.json() as { user: { id: number } }).user.id;
    // The agent signs in a second time: two sessions.
    const email = (await users(a.admin)).find((u) => u.id === a.agentId)!.email;
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'agent password 1' } });
    expect(again.statusCode).toBe(200);

    const listed = await users(a.admin);
    const agent = listed.find((u) => u.id === a.agentId)!;
    expect(agent.activeSessions).toBe(2);
    expect(Date.now() - Date.parse(agent.lastSeenAt!)).toBeLessThan(60_000);
    expect(listed.find((u) => u.id === neverId)).toMatchObject({ lastSeenAt: null, activeSessions: 0 });

    // Ending one of them shows at once.
    const sessions = (await as(a.admin, 'GET', `/api/v1/sessions?userId=${a.agentId}`)).json() as { sessions: { id: number }[] };
    expect((await as(a.admin, 'DELETE', `/api/v1/sessions/${sessions.sessions[0]!.id}`)).statusCode).toBe(200);
    expect((await users(a.admin)).find((u) => u.id === a.agentId)!.activeSessions).toBe(1);

    const asAgent = await as(a.agent, 'GET', '/api/v1/users');
    for (const u of (asAgent.json() as { users: ListedUser[] }).users) {
      expect(u).not.toHaveProperty('lastSeenAt');
      expect(u).not.toHaveProperty('activeSessions');
    }
  });
});

describe('refusals the forms show beside a field or in a dialog', () => {
  it('names the e-mail field when the address is taken, whatever its case', async () => {
    const email = `taken-${Date.now()}@example.test`;
    expect((await as(a.admin, 'POST', '/api/v1/users', { email, name: 'First', role: 'agent', password: 'a fine password' })).statusCode).toBe(201);
    const again = await as(a.admin, 'POST', '/api/v1/users', { email: email.toUpperCase(), name: 'Second', role: 'agent', password: 'a fine password' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'CONFLICT', details: { field: 'email' } } });
  });

  it('refuses an admin disabling their own account, not another admin’s', async () => {
    const me = (await as(a.admin, 'GET', '/api/v1/auth/me')).json() as { id: number };
    const self = await as(a.admin, 'POST', `/api/v1/users/${me.id}/disable`);
    expect(self.statusCode).toBe(403);
    expect(self.json()).toMatchObject({ error: { code: 'FORBIDDEN', message: expect.stringContaining('your own account') } });
    expect((await as(a.admin, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);

    // The same request for another admin goes through.
    const email = `second-admin-${Date.now()}@example.test`;
    const second = (await as(a.admin, 'POST', '/api/v1/users', { email, name: 'Second Admin', role: 'admin', password: 'a fine password' })).json() as { user: { id: number } };
    const other = await as(a.admin, 'POST', `/api/v1/users/${second.user.id}/disable`);
    expect(other.statusCode, other.body).toBe(200);
    expect(other.json()).toMatchObject({ user: { id: second.user.id, disabledAt: expect.any(String) } });
  });
});

describe('API tokens', () => {
  it('lists who created each token', async () => {
    const created = await as(a.admin, 'POST', '/api/v1/tokens', { name: 'CRM export' });
    expect(created.statusCode).toBe(201);
    const { id } = created.json() as { id: number };
    const list = (await as(a.admin, 'GET', '/api/v1/tokens')).json() as { tokens: { id: number; name: string; userName: string }[] };
    expect(list.tokens.find((tk) => tk.id === id)).toMatchObject({ name: 'CRM export', userName: 'Admin' });
  });
});
