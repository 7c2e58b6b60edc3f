import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { provisionChannels } from '../../src/core/channel-accounts/provision-env-channels.ts';
import { createUser } from '../../src/core/accounts/users.ts';
import { targetPolicyOf } from '../../src/core/outgoing-webhooks/check-target-url.ts';
import type { Disabled } from '../../src/core/outgoing-webhooks/record-attempt.ts';
import { createWebhookWorker, type WebhookWorker } from '../../src/core/outgoing-webhooks/webhook-worker.ts';
import { webhookDisabledNotifications } from '../../src/core/notifications/notify-webhook-disabled.ts';
import { metaSignature, whatsappText } from '../helpers/signing.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { startWebhookReceiver, type Received, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

/**
 * Outgoing webhooks against a real receiver on 127.0.0.1 that fails, times out and recovers:
 * customers write through signed webhooks, the workers deliver with a clock the test moves (no
 * test waits for a retry), and the receiver checks every signature with its own HMAC.
 */
const SECRET = 'hooks-app-secret';
const HOUR = 3600_000;
let t: TestApp;
let receiver: WebhookReceiver;
let clock: Date;
let disabledCalls: Disabled[];

type Org = Awaited<ReturnType<TestApp['newOrganization']>> & { phone: string };
let channels = 0;

beforeAll(async () => {
  t = await createTestApp({ WHATSAPP_APP_SECRET: SECRET, WEBHOOK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.1/32', WEBHOOK_TIMEOUT_MS: '300' });
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await t?.close();
});
beforeEach(async () => {
  // Each test's subscriptions only: what an earlier test left pending must not reach this one's receiver.
  await t.ctx.db.deleteFrom('webhook_subscriptions').execute();
  receiver.received.length = 0;
  receiver.behaviour = () => 200;
  clock = new Date();
  disabledCalls = [];
});

/**
 * A worker as an instance runs one, on the test's clock; retries 1 min, then 2, … up to 1 h. A
 * short timeout only where a test makes the receiver hang: under load a slow 200 would otherwise
 * count as a timeout and be sent again (at least once), which tests of "exactly once" must not see.
 */
function worker(timeoutMs = 10_000): WebhookWorker {
  return createWebhookWorker({
    db: t.ctx.db,
    secretBox: t.ctx.secretBox,
    policy: targetPolicyOf(t.config),
    retry: { baseMs: 60_000, maxMs: HOUR },
    timeoutMs,
    log: { warn: () => undefined, error: (o) => console.error(o) },
    now: () => clock,
    random: () => 0.5,
    onDisabled: async (d) => void disabledCalls.push(d),
  });
}

async function newOrg(name: string): Promise<Org> {
  const org = await t.newOrganization(name);
  const phone = `PN-hooks-${++channels}`;
  await provisionChannels(
    t.ctx.db,
    t.ctx.secretBox,
    org.organizationId,
    [{ platform: 'whatsapp', externalAccountId: phone, displayName: name, credentials: { platform: 'whatsapp', accessToken: 'tok' } }],
    'env',
  );
  return { ...org, phone };
}

let messageSeq = 0;
/** A customer's message through the signed webhook; resolves with its conversation id. */
async function customerWrites(org: Org, from: string, text: string): Promise<number> {
  const id = `wamid.hooks-${++messageSeq}`;
  const body = JSON.stringify(whatsappText({ phoneNumberId: org.phone, from, id, text, timestamp: Date.now() + messageSeq * 1000 }));
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/webhooks/whatsapp',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(SECRET, body) },
    payload: body,
  });
  expect(res.statusCode).toBe(200);
  return (await t.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', id).executeTakeFirstOrThrow()).conversation_id;
}

const api = (token: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });

async function subscribe(org: Org, events: string[] = ['message.created', 'conversation.created']): Promise<{ id: number; secret: string }> {
  const res = await api(org.token, 'POST', '/api/v1/webhook-subscriptions', { url: receiver.url, events });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().subscription.id, secret: res.json().secret };
}

/** Run the workers, moving the clock an hour after each round, until nothing is pending. */
async function deliverAll(workers: WebhookWorker[], rounds = 30): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await Promise.all(workers.map((w) => w.drain()));
    const pending = await t.ctx.db.selectFrom('webhook_deliveries').select('id').where('state', '=', 'pending').execute();
    if (pending.length === 0) return;
    clock = new Date(clock.getTime() + HOUR);
  }
  throw new Error('deliveries still pending');
}

const accepted = (rs: Received[]) => rs.filter((r) => r.answer === 200 && r.type !== 'ping');
const messageText = (r: Received) => (r.data['message'] as { content: string }).content;

describe('subscriptions', () => {
  it('shows the secret once, keeps it sealed, and pings the URL signed with it', async () => {
    const org = await newOrg('secret');
    const { id, secret } = await subscribe(org);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const ping = receiver.received.find((r) => r.type === 'ping')!;
    expect(receiver.verify(ping, secret)).toBe(true);
    const list = await api(org.token, 'GET', '/api/v1/webhook-subscriptions');
    expect(list.json().subscriptions).toEqual([expect.objectContaining({ id, url: receiver.url, events: ['message.created', 'conversation.created'], disabledAt: null })]);
    expect(list.body).not.toContain(secret);
    const row = await t.ctx.db.selectFrom('webhook_subscriptions').select('secret_sealed').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.secret_sealed.toString('latin1')).not.toContain(secret.slice(6));
    expect(t.ctx.secretBox.open(row.secret_sealed)).toBe(secret);
  });

  it('refuses a URL that is not allowed or does not answer, with the reason', async () => {
    const org = await newOrg('refusals');
    const cases: [string, RegExp][] = [
      ['http://127.0.0.2:9/hooks', /127\.0\.0\.2 is a loopback address.*WEBHOOK_ALLOWED_PRIVATE_NETWORKS/],
      ['https://10.20.30.40/hooks', /private network address/],
      ['https://[fd12::1]/hooks', /unique local/],
      ['http://localhost:9/hooks', /localhost resolves to .*loopback|got no answer/],
      ['https://hooks.invalid/x', /does not resolve/],
      ['https://user:secret@example.com/', /user name or password/],
      [receiver.url.replace(/:\d+\//, ':9/'), /got no answer: 127\.0\.0\.1:9 refused the connection/],
    ];
    for (const [url, reason] of cases) {
      const res = await api(org.token, 'POST', '/api/v1/webhook-subscriptions', { url, events: ['message.created'] });
      expect(res.statusCode, url).toBe(422);
      expect(res.json().error.code).toBe('WEBHOOK_URL_REFUSED');
      expect(res.json().error.message, url).toMatch(reason);
      // Every refusal is also a code the web app shows in the reader's language.
      expect(res.json().error.details, url).toMatchObject({ reason: 'WEBHOOK_URL_REFUSED', problemText: { code: expect.stringMatching(/^webhook\./) } });
    }
    const bad = await api(org.token, 'POST', '/api/v1/webhook-subscriptions', { url: receiver.url, events: ['message.deleted'] });
    expect(bad.statusCode).toBe(400);
    expect((await api(org.token, 'GET', '/api/v1/webhook-subscriptions')).json().subscriptions).toEqual([]);
  });

  it('is for admins only, checked by the server', async () => {
    const org = await newOrg('agents');
    const { id } = await subscribe(org);
    await createUser(t.ctx.db, { organizationId: org.organizationId, email: 'agent@hooks.test', name: 'Agent', role: 'agent', password: 'agent password 1' });
    const agent = (await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'agent@hooks.test', password: 'agent password 1' } })).json().token as string;
    for (const [method, url] of [
      ['GET', '/api/v1/webhook-subscriptions'],
      ['POST', '/api/v1/webhook-subscriptions'],
      ['DELETE', `/api/v1/webhook-subscriptions/${id}`],
      ['GET', `/api/v1/webhook-subscriptions/${id}/deliveries`],
    ] as const) {
      const res = await api(agent, method, url, method === 'POST' ? { url: receiver.url, events: ['message.created'] } : undefined);
      expect(res.statusCode, url).toBe(403);
    }
  });
});

describe('delivery', () => {
  it('delivers every event through failures and timeouts, in order per conversation, signed', async () => {
    const org = await newOrg('order');
    const { id, secret } = await subscribe(org);
    // Each event: refused with 500, then left unanswered (snorq times out), then accepted.
    receiver.behaviour = ({ attempt }) => (attempt === 1 ? 500 : attempt === 2 ? 'hang' : 200);
    const conversations = new Map<string, number>();
    for (let i = 1; i <= 3; i++) {
      for (const from of ['4917000001', '4917000002']) conversations.set(from, await customerWrites(org, from, `${from} says ${i}`));
    }
    await deliverAll([worker(t.config.WEBHOOK_TIMEOUT_MS)]);

    for (const [from, conversationId] of conversations) {
      const mine = receiver.received.filter((r) => r.type !== 'ping' && (r.data['conversation'] as { id: number }).id === conversationId);
      // Every event arrived, in order: all attempts of event n came before any of n+1.
      const order = mine.map((r) => `${r.type} ${r.type === 'message.created' ? messageText(r) : ''}`.trim());
      expect([...new Set(order)]).toEqual(['conversation.created', `message.created ${from} says 1`, `message.created ${from} says 2`, `message.created ${from} says 3`]);
      const runs = mine.map((r) => r.id).filter((id, i, ids) => i === 0 || ids[i - 1] !== id);
      expect(runs).toHaveLength(4);
      // Each was refused, then timed out, then accepted (a slow acceptance may be sent once more: at least once).
      for (const id of runs)
        expect(
          mine
            .filter((r) => r.id === id)
            .map((r) => r.answer)
            .slice(0, 3),
        ).toEqual([500, 'hang', 200]);
    }
    expect(receiver.received.every((r) => receiver.verify(r, secret))).toBe(true);
    expect(receiver.received.every((r) => Math.abs(Number(r.timestamp) - clock.getTime() / 1000) < 24 * 3600)).toBe(true);

    const log = (await api(org.token, 'GET', `/api/v1/webhook-subscriptions/${id}/deliveries`)).json().deliveries;
    expect(log).toHaveLength(8);
    for (const d of log) expect(d).toMatchObject({ state: 'delivered', attempts: expect.any(Number), lastStatus: 200, lastError: null, lastResponseMs: expect.any(Number) });
    expect(log.every((d: { attempts: number }) => d.attempts >= 3)).toBe(true);
  });

  it('sends each event type with an id, a timestamp and the data, and never a private note', async () => {
    const org = await newOrg('types');
    await subscribe(org, ['message.created', 'message.status', 'conversation.created', 'conversation.updated', 'contact.updated']);
    const conversationId = await customerWrites(org, '4917000007', 'first');
    const { contactId } = await t.ctx.db.selectFrom('conversations').select('contact_id as contactId').where('id', '=', conversationId).executeTakeFirstOrThrow();
    expect((await api(org.token, 'PATCH', `/api/v1/contacts/${contactId}`, { displayName: 'Renamed Customer' })).statusCode).toBe(200);
    expect((await api(org.token, 'PATCH', `/api/v1/conversations/${conversationId}`, { status: 'pending' })).statusCode).toBe(200);
    expect((await api(org.token, 'POST', '/api/messages', { conversationId, content: 'team only', privateNote: true })).statusCode).toBe(201);
    const reply = await api(org.token, 'POST', '/api/messages', { conversationId, content: 'an answer' });
    expect(reply.statusCode).toBe(201);
    const replyId = reply.json().message.id as number;
    await t.ctx.db.updateTable('messages').set({ status: 'failed', error_code: 'PLATFORM_UNAVAILABLE', error_reason: 'x' }).where('id', '=', replyId).execute();
    expect((await api(org.token, 'POST', `/api/v1/messages/${replyId}/retry`)).statusCode).toBe(200);
    await deliverAll([worker()]);

    const got = accepted(receiver.received);
    const types = got.map((r) => r.type);
    for (const type of ['conversation.created', 'message.created', 'contact.updated', 'conversation.updated', 'message.status']) expect(types, type).toContain(type);
    expect(types.indexOf('conversation.created')).toBeLessThan(types.indexOf('message.created'));
    expect(got.filter((r) => r.type === 'message.created').map(messageText)).toEqual(['first', 'an answer']);
    const contact = got.find((r) => r.type === 'contact.updated')!;
    expect(contact.data).toMatchObject({ contact: { id: contactId, displayName: 'Renamed Customer' } });
    expect(got.find((r) => r.type === 'message.status')!.data).toMatchObject({ messageId: replyId, conversationId, status: 'pending' });
    const body = JSON.parse(got[0]!.raw) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['data', 'id', 'organizationId', 'timestamp', 'type']);
    expect(body).toMatchObject({ id: got[0]!.id, organizationId: org.organizationId, timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    expect(receiver.received.map((r) => r.raw).join('')).not.toContain('team only');
  });

  it('logs the last error of a delivery still being retried, then sends it again on request with the same id', async () => {
    const org = await newOrg('redeliver');
    const { id } = await subscribe(org, ['message.created']);
    receiver.behaviour = () => 503;
    await customerWrites(org, '4917000003', 'hello');
    await worker().drain();
    const [first] = (await api(org.token, 'GET', `/api/v1/webhook-subscriptions/${id}/deliveries`)).json().deliveries;
    expect(first).toMatchObject({ state: 'pending', attempts: 1, lastStatus: 503, lastError: 'HTTP 503: receiver says 503' });
    // For people, the same as a code and parameters; the receiver's own words as `detail`.
    expect(first.lastErrorText).toEqual({ code: 'webhook.statusSaying', params: { status: 503, detail: 'receiver says 503' } });
    expect(new Date(first.nextAttemptAt).getTime() - clock.getTime()).toBe(45_000);

    receiver.behaviour = () => 200;
    const again = await api(org.token, 'POST', `/api/v1/webhook-subscriptions/${id}/deliveries/${first.id}/redeliver`);
    expect(again.statusCode).toBe(200);
    clock = new Date(Date.now() + 1000);
    await worker().drain();
    const [done] = (await api(org.token, 'GET', `/api/v1/webhook-subscriptions/${id}/deliveries`)).json().deliveries;
    expect(done).toMatchObject({ id: first.id, state: 'delivered', attempts: 2, lastStatus: 200 });
    const ids = receiver.received.filter((r) => r.type === 'message.created').map((r) => r.id);
    expect(ids).toEqual([first.eventId, first.eventId]);
  });

  it('two workers on one database deliver each event once', async () => {
    const org = await newOrg('two');
    await subscribe(org, ['message.created', 'conversation.created', 'conversation.updated']);
    for (let i = 0; i < 24; i++) await customerWrites(org, `49170001${String(i % 8).padStart(2, '0')}`, `message ${i}`);
    const one = worker();
    const two = worker();
    await deliverAll([one, two]);
    const got = accepted(receiver.received);
    expect(got.length).toBeGreaterThanOrEqual(24 + 8);
    expect(new Set(got.map((r) => r.id)).size).toBe(got.length);
    expect(got.filter((r) => r.type === 'message.created')).toHaveLength(24);
    expect(got.filter((r) => r.type === 'conversation.created')).toHaveLength(8);
  });

  it('refuses at connect time a name that now resolves to a private address (rebinding)', async () => {
    const org = await newOrg('rebind');
    const { id } = await subscribe(org, ['message.created']);
    await t.ctx.db
      .updateTable('webhook_subscriptions')
      .set({ url: receiver.url.replace('127.0.0.1', 'localhost') })
      .where('id', '=', id)
      .execute();
    await customerWrites(org, '4917000004', 'hi');
    const strict = createWebhookWorker({
      db: t.ctx.db,
      secretBox: t.ctx.secretBox,
      policy: { requireHttps: false, allowedPrivate: [] },
      retry: { baseMs: 60_000, maxMs: HOUR },
      timeoutMs: 300,
      log: { warn: () => undefined, error: () => undefined },
      now: () => clock,
    });
    await strict.drain();
    const [d] = (await api(org.token, 'GET', `/api/v1/webhook-subscriptions/${id}/deliveries`)).json().deliveries;
    expect(d.lastError).toMatch(/localhost resolves to .* loopback address/);
    expect(d.lastErrorText).toMatchObject({ code: 'webhook.resolvesTo', params: { host: 'localhost', refusalCode: 'webhook.private.loopback', address: expect.any(String) } });
    expect(receiver.received.filter((r) => r.type !== 'ping')).toEqual([]);
  });
});

describe('a subscription failing for 24 h', () => {
  it('gives up each delivery after 24 h, disables the subscription once, tells the admins and shows why', async () => {
    const org = await newOrg('failing');
    const { id } = await subscribe(org, ['message.created']);
    receiver.behaviour = () => 500;
    await customerWrites(org, '4917000005', 'one');
    await customerWrites(org, '4917000006', 'two');
    const workers = [worker(), worker()];
    for (let hour = 0; hour <= 25; hour++) {
      await Promise.all(workers.map((w) => w.drain()));
      clock = new Date(clock.getTime() + HOUR);
    }
    const deliveries = (await api(org.token, 'GET', `/api/v1/webhook-subscriptions/${id}/deliveries`)).json().deliveries;
    expect(deliveries.map((d: { state: string }) => d.state)).toEqual(['failed', 'failed']);
    const [sub] = (await api(org.token, 'GET', '/api/v1/webhook-subscriptions')).json().subscriptions;
    expect(sub.disabledAt).not.toBeNull();
    expect(sub.disabledReason).toMatch(/failed for 24 hours.*HTTP 500/);
    expect(sub.disabledReasonText).toEqual({
      code: 'webhook.disabledAfterDay',
      params: { error: disabledCalls[0]!.lastError, errorCode: 'webhook.statusSaying', status: 500, detail: expect.any(String) },
    });
    expect(disabledCalls).toEqual([{ organizationId: org.organizationId, subscriptionId: id, url: receiver.url, reason: sub.disabledReason, lastError: expect.stringMatching(/HTTP 500/) }]);
    expect(await webhookDisabledNotifications(t.ctx.db, org.organizationId, { id, url: receiver.url, lastError: disabledCalls[0]!.lastError })).toEqual([
      { userId: org.adminId, payload: expect.objectContaining({ trigger: 'webhookDisabled', url: '/settings/integrations', title: expect.stringContaining('127.0.0.1'), body: sub.disabledReason }) },
    ]);
    // An admin who reads German gets the push in German, the receiver's error as it was.
    await t.ctx.db.updateTable('users').set({ language: 'de' }).where('id', '=', org.adminId).execute();
    const [german] = await webhookDisabledNotifications(t.ctx.db, org.organizationId, { id, url: receiver.url, lastError: disabledCalls[0]!.lastError });
    expect(german!.payload).toMatchObject({
      title: `Webhook an ${new URL(receiver.url).host} deaktiviert`,
      body: `Alle Zustellungen sind 24 Stunden lang fehlgeschlagen; der letzte Fehler: ${disabledCalls[0]!.lastError}`,
    });
    await t.ctx.db.updateTable('users').set({ language: null }).where('id', '=', org.adminId).execute();

    // Disabled: nothing more is enqueued or sent until an admin enables it.
    const before = receiver.received.length;
    await customerWrites(org, '4917000005', 'three');
    await Promise.all(workers.map((w) => w.drain()));
    expect(receiver.received.length).toBe(before);
    receiver.behaviour = () => 200;
    expect((await api(org.token, 'POST', `/api/v1/webhook-subscriptions/${id}/enable`)).json().subscription).toMatchObject({ disabledAt: null, failingSince: null });
    await customerWrites(org, '4917000005', 'four');
    await Promise.all(workers.map((w) => w.drain()));
    expect(accepted(receiver.received).map(messageText)).toEqual(['four']);
  });
});
