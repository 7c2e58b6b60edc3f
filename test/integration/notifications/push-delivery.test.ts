import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionChannels } from '../../../src/core/channel-accounts/provision-env-channels.ts';
import { createUser } from '../../../src/core/accounts/users.ts';
import type { RunningSnorq } from '../../../src/start-snorq.ts';
import { startPushService, type PushService, type ReceivedPush } from '../../helpers/push-service.ts';
import { metaSignature, whatsappText } from '../../helpers/signing.ts';
import { createTestDatabase } from '../../helpers/test-database.ts';
import { eventually } from '../../helpers/eventually.ts';
import { startTestSnorq } from '../../helpers/test-snorq.ts';

/**
 * Web Push end to end: two snorq instances on one database, a push service running in the test
 * (HTTPS, VAPID checked, bodies decrypted with the subscription's keys), customers writing through
 * signed webhooks. Each push must arrive once, whichever instance took the webhook, and only as
 * each user's preferences say.
 */

const SECRET = 'push-secret';
const PASSWORD = 'push password 123';
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let push: PushService;
let one: RunningSnorq;
let two: RunningSnorq;
let org: number;
const users: Record<'admin' | 'ana' | 'bo', { id: number; token: string }> = { admin: { id: 0, token: '' }, ana: { id: 0, token: '' }, bo: { id: 0, token: '' } };

async function api(s: RunningSnorq, token: string, method: string, url: string, body?: unknown) {
  const res = await fetch(`${s.url}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** A customer's message through the given instance; resolves with its conversation id. */
async function customerWrites(s: RunningSnorq, from: string, id: string, text: string): Promise<number> {
  const body = JSON.stringify(whatsappText({ phoneNumberId: 'PN-push', from, name: `Customer ${from.slice(-2)}`, id, text, timestamp: Date.now() }));
  const res = await fetch(`${s.url}/api/v1/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(SECRET, body) }, body });
  expect(res.status).toBe(200);
  const row = await db.db.selectFrom('messages').select('conversation_id').where('external_id', '=', id).executeTakeFirstOrThrow();
  return row.conversation_id;
}

/** Both instances have dealt with every event committed so far (sent its pushes, or left them to the other). */
async function bothSettled(): Promise<void> {
  const { event_seq: seq } = await db.db.selectFrom('organizations').select('event_seq').where('id', '=', org).executeTakeFirstOrThrow();
  await until(() => one.notifier.handledUpTo(org) >= seq && two.notifier.handledUpTo(org) >= seq);
}

const until = (cond: () => boolean) => eventually(cond, 'the notifiers or a push');
const pushesTo = (name: string): ReceivedPush[] => push.received.filter((p) => p.path === `/push/${name}`);
const payloadOf = (p: ReceivedPush) => p.payload as { trigger: string; title: string; body: string; url: string; conversationId: number };

beforeAll(async () => {
  db = await createTestDatabase();
  push = await startPushService();
  const env = { WHATSAPP_APP_SECRET: SECRET, PUSH_SERVICE_HOSTS: '127.0.0.1', VAPID_SUBJECT: 'mailto:ops@snorq.test' };
  one = await startTestSnorq(db.url, env, { pushAgent: push.agent });
  two = await startTestSnorq(db.url, env, { pushAgent: push.agent });
  org = (await db.db.insertInto('organizations').values({ name: 'push' }).returning('id').executeTakeFirstOrThrow()).id;
  await provisionChannels(
    one.ctx.db,
    one.ctx.secretBox,
    org,
    [{ platform: 'whatsapp', externalAccountId: 'PN-push', displayName: 'push', credentials: { platform: 'whatsapp', accessToken: 'tok' } }],
    'env',
  );
  for (const [key, name, role] of [
    ['admin', 'Admin', 'admin'],
    ['ana', 'Ana Lopez', 'agent'],
    ['bo', 'Bo', 'agent'],
  ] as const) {
    const user = await createUser(db.db, { organizationId: org, email: `${key}@push.test`, name, role, password: PASSWORD });
    const res = await fetch(`${one.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `${key}@push.test`, password: PASSWORD }),
    });
    users[key] = { id: user.id, token: ((await res.json()) as { token: string }).token };
  }
  for (const key of ['ana', 'bo'] as const) {
    const sub = push.subscribe(key);
    const res = await api(one, users[key].token, 'POST', '/api/v1/push-subscriptions', { endpoint: sub.endpoint, expirationTime: null, keys: sub.keys });
    expect(res.status).toBe(201);
  }
});
afterAll(async () => {
  await one?.stop();
  await two?.stop();
  await push?.close();
  await db?.drop();
});

describe('Web Push', () => {
  let conversation: number;

  it('pushes a message in my conversation once, encrypted for my device and signed with the VAPID key the browser subscribed with', async () => {
    conversation = await customerWrites(one, '4916000000011', 'wamid.p1', 'first words');
    expect((await api(two, users.admin.token, 'PATCH', `/api/v1/conversations/${conversation}`, { assigneeId: users.ana.id })).status).toBe(200);
    await customerWrites(two, '4916000000011', 'wamid.p2', 'where is my parcel?');
    await until(() => pushesTo('ana').some((p) => payloadOf(p).trigger === 'newMessage'));
    await bothSettled();

    const { publicKey } = (await api(one, users.ana.token, 'GET', '/api/v1/push-subscriptions/vapid-public-key')).json as { publicKey: string };
    const messages = pushesTo('ana').filter((p) => payloadOf(p).trigger === 'newMessage');
    expect(messages).toHaveLength(1);
    const [p] = messages as [ReceivedPush];
    expect(payloadOf(p)).toMatchObject({ title: 'Customer 11', body: 'where is my parcel?', url: `/inbox/${conversation}`, conversationId: conversation });
    expect(p.vapidPublicKey).toBe(publicKey);
    expect(p.claims.aud).toBe(push.url);
    expect(p.claims.sub).toBe('mailto:ops@snorq.test');
    expect(p.claims.exp * 1000).toBeGreaterThan(Date.now());
    expect(p.claims.exp * 1000).toBeLessThanOrEqual(Date.now() + 24 * 3600_000);
    expect(Number(p.headers['ttl'])).toBeGreaterThan(0);
    // The assignment by the admin notified Ana too, once; the first message (a new conversation) did not: off by default.
    expect(
      pushesTo('ana')
        .map((x) => payloadOf(x).trigger)
        .sort(),
    ).toEqual(['assigned', 'newMessage']);
    expect(pushesTo('bo')).toEqual([]);
    expect(push.refused).toEqual([]);
  });

  it('sends nothing for what a user turned off, and tells whoever turned new conversations on', async () => {
    expect((await api(one, users.ana.token, 'PATCH', '/api/v1/me/notification-preferences', { newMessage: false })).status).toBe(200);
    expect((await api(one, users.bo.token, 'PATCH', '/api/v1/me/notification-preferences', { newConversation: true })).status).toBe(200);
    const before = pushesTo('ana').length;
    await customerWrites(one, '4916000000011', 'wamid.p3', 'hello again?');
    const other = await customerWrites(two, '4916000000022', 'wamid.p4', 'a new customer');
    await until(() => pushesTo('bo').length > 0);
    await bothSettled();
    expect(pushesTo('ana')).toHaveLength(before);
    expect(pushesTo('bo').map(payloadOf)).toEqual([expect.objectContaining({ trigger: 'newConversation', title: 'New conversation: Customer 22', conversationId: other })]);
  });

  it('counts, for the tab title, the unread conversations assigned to me or to nobody', async () => {
    const count = async (token: string) => (await api(one, token, 'GET', '/api/v1/me/unread-count')).json.conversations;
    // Ana: her conversation and the new customer's (unassigned); Bo: only the unassigned one.
    expect(await count(users.ana.token)).toBe(2);
    expect(await count(users.bo.token)).toBe(1);
    expect((await api(one, users.ana.token, 'PATCH', `/api/v1/conversations/${conversation}`, { status: 'resolved' })).status).toBe(200);
    expect(await count(users.ana.token)).toBe(1);
    expect((await api(one, users.ana.token, 'PATCH', `/api/v1/conversations/${conversation}`, { status: 'open' })).status).toBe(200);
  });

  it('pushes a mention in a private note to the one named, not to its author, in her language', async () => {
    expect((await api(one, users.ana.token, 'PATCH', '/api/v1/me', { language: 'de-AT' })).status).toBe(200);
    const res = await api(two, users.bo.token, 'POST', '/api/messages', { conversationId: conversation, content: 'Could @ana lopez call them? cc @Bo', privateNote: true });
    expect(res.status).toBe(201);
    await until(() => pushesTo('ana').some((p) => payloadOf(p).trigger === 'mentioned'));
    await bothSettled();
    const mention = pushesTo('ana').filter((p) => payloadOf(p).trigger === 'mentioned');
    // The words around the names in German (her choice, de-AT); the note stays as it was written.
    expect(mention.map(payloadOf)).toEqual([expect.objectContaining({ title: 'Bo hat Sie erwähnt (Customer 11)', body: 'Could @ana lopez call them? cc @Bo' })]);
    expect(pushesTo('bo').filter((p) => payloadOf(p).trigger === 'mentioned')).toEqual([]);
    expect((await api(one, users.ana.token, 'PATCH', '/api/v1/me', { language: null })).status).toBe(200);
  });

  it('stops pushing to a device whose session signed out, and forgets a subscription the push service says is gone', async () => {
    expect((await api(one, users.bo.token, 'POST', '/api/v1/auth/logout')).status).toBe(200);
    push.expire('ana');
    await api(one, users.ana.token, 'PATCH', '/api/v1/me/notification-preferences', { newConversation: true });
    const boBefore = pushesTo('bo').length;
    await customerWrites(one, '4916000000033', 'wamid.p5', 'third customer');
    await bothSettled();
    expect(pushesTo('bo')).toHaveLength(boBefore);
    const left = await db.db.selectFrom('push_subscriptions').select('endpoint').where('organization_id', '=', org).execute();
    // Ana's subscription answered 410 and is gone; Bo's stays (a new sign-in on that device re-subscribes).
    expect(left.map((r) => r.endpoint)).toEqual([`${push.url}/push/bo`]);
  });
});
