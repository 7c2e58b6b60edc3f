import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../src/core/accounts/auth-tokens.ts';
import { createUser } from '../../src/core/accounts/users.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { caller, orgWithAgent, WA_SECRET, type OrgUnderTest } from './settings/settings-helpers.ts';

/**
 * A refusal carries, beside its English message, codes the web app shows in the reader's
 * language: one per refused field (`details.issues[].code` and `params`), and a finer reason
 * where the code alone would lose what matters (src/contract/server-texts.ts).
 */
let t: TestApp;
let a: OrgUnderTest;
let as: ReturnType<typeof caller>;

beforeAll(async () => {
  t = await createTestApp({ WHATSAPP_APP_SECRET: WA_SECRET });
  as = caller(t);
  a = await orgWithAgent(t, 'codes');
}, 180_000);
afterAll(async () => t?.close());

describe('refusals by code', () => {
  it('gives each refused field a code and its parameters, keeping the message', async () => {
    const res = await as(a.agent, 'POST', '/api/v1/me/password', { currentPassword: '', newPassword: 'x' });
    expect(res.statusCode, res.body).toBe(400);
    const issues = res.json().error.details.issues as { path: string; message: string; code: string; params?: Record<string, unknown> }[];
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: '/currentPassword', message: expect.any(String), code: 'field.empty' },
        { path: '/newPassword', message: expect.any(String), code: 'field.tooShort', params: { count: expect.any(Number) } },
      ]),
    );
    const missing = await as(a.agent, 'POST', '/api/v1/me/password', {});
    expect(missing.json().error.details.issues).toContainEqual({ path: '/currentPassword', message: expect.stringMatching(/received undefined/), code: 'field.required' });
  });

  it('names a wrong current password, an admin-only action and a taken name as such', async () => {
    const wrong = await as(a.agent, 'POST', '/api/v1/me/password', { currentPassword: 'not the password', newPassword: 'a new password 12345' });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error).toEqual({ code: 'FORBIDDEN', message: 'the current password is not right', details: { field: 'currentPassword', reason: 'WRONG_CURRENT_PASSWORD' } });

    const adminOnly = await as(a.agent, 'POST', '/api/v1/labels', { name: 'vip' });
    expect(adminOnly.json().error).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'ADMIN_ONLY' } });

    expect((await as(a.admin, 'POST', '/api/v1/labels', { name: 'vip' })).statusCode).toBe(201);
    const taken = await as(a.admin, 'POST', '/api/v1/labels', { name: 'vip' });
    expect(taken.json().error).toMatchObject({ code: 'CONFLICT', details: { field: 'name', reason: 'LABEL_NAME_TAKEN', name: 'vip' } });
  });

  it('says why a session no longer signs in: expired, ended, or the account disabled; nothing for a token snorq never issued', async () => {
    const user = await createUser(t.ctx.db, {
      organizationId: a.id,
      email: `sessions-${Math.random().toString(36).slice(2, 8)}@example.test`,
      name: 'Sessions',
      role: 'agent',
      password: 'sessions password 1',
    });
    const session = async () => (await issueToken(t.ctx.db, { id: user.id, organization_id: a.id }, 'session')).token;
    const me = async (token: string) => (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: `snorq_session=${token}` } })).json().error;
    const inbox = async (token: string) => (await as(token, 'GET', '/api/v1/conversations')).json().error;

    const expired = await session();
    expect(await me(expired)).toBeUndefined();
    await t.ctx.db
      .updateTable('auth_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('user_id', '=', user.id)
      .execute();
    expect(await me(expired)).toEqual({ code: 'UNAUTHENTICATED', message: 'your session has expired; sign in again', details: { reason: 'SESSION_EXPIRED' } });
    expect(await inbox(expired)).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'SESSION_EXPIRED' } });

    const ended = await session();
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { authorization: `Bearer ${ended}` } })).statusCode).toBe(200);
    expect(await me(ended)).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'SESSION_ENDED' } });

    const disabled = await session();
    await t.ctx.db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', user.id).execute();
    expect(await inbox(disabled)).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'ACCOUNT_DISABLED' } });

    const never = await me(`snq_ses_${'x'.repeat(43)}`);
    expect(never).toEqual({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/^sign in first/) });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' })).json().error.details).toBeUndefined();
  });
});
