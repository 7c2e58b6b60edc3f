import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
