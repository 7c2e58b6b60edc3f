import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGES as SERVER_LANGUAGES } from '../../src/contract/users.ts';
import { LANGUAGES as WEB_LANGUAGES } from '../../web/src/i18n/languages.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { caller, orgWithAgent, WA_SECRET, type OrgUnderTest } from './settings/settings-helpers.ts';

/** A user's language: one the web app is translated into (or a regional form of one), or null for the browser's. */
let t: TestApp;
let a: OrgUnderTest;
let as: ReturnType<typeof caller>;

beforeAll(async () => {
  t = await createTestApp({ WHATSAPP_APP_SECRET: WA_SECRET });
  as = caller(t);
  a = await orgWithAgent(t, 'lang');
}, 180_000);
afterAll(async () => t?.close());

describe('the language of a user', () => {
  it('is stored per user and read back on GET /api/v1/me; null follows the browser again', async () => {
    expect((await as(a.agent, 'GET', '/api/v1/me')).json()).toMatchObject({ profile: { language: null } });
    const changed = await as(a.agent, 'PATCH', '/api/v1/me', { language: 'es' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await as(a.agent, 'GET', '/api/v1/me')).json()).toMatchObject({ profile: { language: 'es' } });
    // Another user of the same organisation keeps their own.
    expect((await as(a.admin, 'GET', '/api/v1/me')).json()).toMatchObject({ profile: { language: null } });
    expect((await as(a.agent, 'PATCH', '/api/v1/me', { language: 'de-AT' })).json()).toMatchObject({ profile: { language: 'de-AT' } });
    expect((await as(a.agent, 'PATCH', '/api/v1/me', { language: null })).json()).toMatchObject({ profile: { language: null } });
  });

  it('refuses a language the app is not translated into with a 422 naming the supported ones, keeping the stored one', async () => {
    await as(a.agent, 'PATCH', '/api/v1/me', { language: 'de' });
    for (const language of ['fr', 'pt-BR', 'zh-Hant']) {
      const res = await as(a.agent, 'PATCH', '/api/v1/me', { language });
      expect(res.statusCode, language).toBe(422);
      expect(res.json()).toMatchObject({ error: { code: 'UNPROCESSABLE', details: { field: 'language', supported: ['en', 'de', 'es'] } } });
    }
    // Not a language tag at all: the schema's 400, as for any malformed field.
    expect((await as(a.agent, 'PATCH', '/api/v1/me', { language: 'english please' })).statusCode).toBe(400);
    expect((await as(a.agent, 'GET', '/api/v1/me')).json()).toMatchObject({ profile: { language: 'de' } });
  });

  it('the server and the web app know the same languages', () => {
    expect([...SERVER_LANGUAGES]).toEqual([...WEB_LANGUAGES]);
  });
});
