import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.ts';
import { createUser } from '../../../src/core/accounts/users.ts';
import { resolveVapidKeys } from '../../../src/core/notifications/vapid-keys.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';

/** The notification API: preferences per user, push subscriptions per device, the key to subscribe with, the title's count. */

let t: TestApp;
let a: Awaited<ReturnType<TestApp['newOrganization']>>;
let b: Awaited<ReturnType<TestApp['newOrganization']>>;
let agentToken: string;
const P256DH = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url');
const AUTH = Buffer.alloc(16, 3).toString('base64url');

const call = (token: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
const subscription = (endpoint: string) => ({ endpoint, expirationTime: null, keys: { p256dh: P256DH, auth: AUTH } });

beforeAll(async () => {
  t = await createTestApp({ PUSH_SERVICE_HOSTS: 'push.example.test' });
  a = await t.newOrganization('a');
  b = await t.newOrganization('b');
  await createUser(t.ctx.db, { organizationId: a.organizationId, email: 'agent@a.test', name: 'Agent', role: 'agent', password: 'agent password 1' });
  agentToken = (await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'agent@a.test', password: 'agent password 1' } })).json().token;
});
afterAll(async () => {
  await t?.close();
});

describe('notification preferences', () => {
  it('starts from the defaults, changes only what is sent, and is each user’s own', async () => {
    const start = await call(agentToken, 'GET', '/api/v1/me/notification-preferences');
    expect(start.json()).toEqual({ preferences: { newConversation: false, newMessage: true, assigned: true, mentioned: true, slaBreach: true, sound: true } });
    const changed = await call(agentToken, 'PATCH', '/api/v1/me/notification-preferences', { newConversation: true, sound: false });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().preferences).toMatchObject({ newConversation: true, sound: false, newMessage: true });
    expect((await call(agentToken, 'PATCH', '/api/v1/me/notification-preferences', { mentioned: false })).json().preferences).toMatchObject({ newConversation: true, sound: false, mentioned: false });
    expect((await call(a.token, 'GET', '/api/v1/me/notification-preferences')).json().preferences.newConversation).toBe(false);
  });

  it('refuses unknown triggers and values that are not booleans, with the field named', async () => {
    for (const body of [{ everything: true }, { newMessage: 'yes' }, { sound: null }]) {
      const res = await call(agentToken, 'PATCH', '/api/v1/me/notification-preferences', body);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await call(agentToken, 'GET', '/api/v1/me/notification-preferences')).json().preferences.newMessage).toBe(true);
  });
});

describe('push subscriptions', () => {
  it('keeps several devices per user, shows them without their secret endpoint, and takes a device over when it subscribes again', async () => {
    const first = await call(agentToken, 'POST', '/api/v1/push-subscriptions', subscription('https://push.example.test/send/device-1'));
    const second = await call(agentToken, 'POST', '/api/v1/push-subscriptions', subscription('https://fcm.googleapis.com/fcm/send/device-2'));
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    const again = await call(a.token, 'POST', '/api/v1/push-subscriptions', subscription('https://push.example.test/send/device-1'));
    expect(again.json().id).toBe(first.json().id);
    const mine = (await call(agentToken, 'GET', '/api/v1/push-subscriptions')).json().subscriptions;
    expect(mine).toEqual([expect.objectContaining({ id: second.json().id, service: 'fcm.googleapis.com', current: true })]);
    expect(JSON.stringify(mine)).not.toContain('device-2');
    expect((await call(a.token, 'GET', '/api/v1/push-subscriptions')).json().subscriptions).toEqual([expect.objectContaining({ id: first.json().id, service: 'push.example.test' })]);
  });

  it('refuses endpoints that are not a push service, not https, or keys that are not keys', async () => {
    for (const body of [
      subscription('https://evil.example.com/collect'),
      subscription('http://push.example.test/send/x'),
      subscription('https://user:pw@push.example.test/send/x'),
      { ...subscription('https://push.example.test/send/x'), keys: { p256dh: 'short', auth: AUTH } },
      { endpoint: 'https://push.example.test/send/x' },
    ]) {
      const res = await call(agentToken, 'POST', '/api/v1/push-subscriptions', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('removes only the caller’s own subscription: another user’s or organisation’s is a 404', async () => {
    const made = (await call(agentToken, 'POST', '/api/v1/push-subscriptions', subscription('https://push.example.test/send/device-3'))).json().id as number;
    expect((await call(b.token, 'DELETE', `/api/v1/push-subscriptions/${made}`)).statusCode).toBe(404);
    expect((await call(a.token, 'DELETE', `/api/v1/push-subscriptions/${made}`)).statusCode).toBe(404);
    expect((await call(agentToken, 'DELETE', `/api/v1/push-subscriptions/${made}`)).json()).toEqual({ ok: true });
    expect((await call(agentToken, 'DELETE', `/api/v1/push-subscriptions/${made}`)).statusCode).toBe(404);
    expect((await call(agentToken, 'DELETE', '/api/v1/push-subscriptions/abc')).statusCode).toBe(400);
  });

  it('needs a session or token', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/push-subscriptions', payload: subscription('https://push.example.test/send/z') })).statusCode).toBe(401);
  });
});

describe('VAPID keys', () => {
  it('hands out one public key, generated once into the shared database', async () => {
    const first = (await call(agentToken, 'GET', '/api/v1/push-subscriptions/vapid-public-key')).json().publicKey as string;
    expect(Buffer.from(first, 'base64url')).toHaveLength(65);
    expect((await call(b.token, 'GET', '/api/v1/push-subscriptions/vapid-public-key')).json().publicKey).toBe(first);
    // Another instance on the same database resolves the same pair.
    expect((await resolveVapidKeys(t.config, t.ctx.db, t.ctx.secretBox)).publicKey).toBe(first);
  });

  it('takes VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY, or generates a pair once into DATA_DIR on the embedded database', async () => {
    const given = webpush.generateVAPIDKeys();
    const fromEnv = loadConfig({
      DATABASE_URL: 'postgres://x@127.0.0.1/x',
      SNORQ_SECRET_KEY: Buffer.alloc(32).toString('base64'),
      VAPID_PUBLIC_KEY: given.publicKey,
      VAPID_PRIVATE_KEY: given.privateKey,
      PUBLIC_URL: 'https://inbox.example.com',
    });
    expect(await resolveVapidKeys(fromEnv, t.ctx.db, t.ctx.secretBox)).toEqual({ ...given, subject: 'https://inbox.example.com' });
    expect(() => loadConfig({ VAPID_PUBLIC_KEY: given.publicKey })).toThrow(/VAPID_PRIVATE_KEY/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snorq-vapid-'));
    try {
      const embedded = loadConfig({ DATA_DIR: dir });
      const once = await resolveVapidKeys(embedded, t.ctx.db, t.ctx.secretBox);
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'vapid.json'), 'utf8')).publicKey).toBe(once.publicKey);
      expect((await resolveVapidKeys(embedded, t.ctx.db, t.ctx.secretBox)).privateKey).toBe(once.privateKey);
      expect(once.subject).toBe('mailto:postmaster@localhost');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
