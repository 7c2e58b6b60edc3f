import crypto from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNTS, SECRETS, call, control, json, startHarness, type Harness, type ReceivedRequest } from './helpers.ts';

/**
 * What the simulator holds per Meta app and per subscription: which secret signs an account's
 * webhooks, the "Require App Secret" switch, the webhook fields delivered, and TikTok retries.
 */

const IG_LOGIN = { platform: 'instagram', accountId: '17841400000000099', accessToken: 'ig-login-token', username: 'acme.login' } as const;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ accounts: [...Object.values(ACCOUNTS), IG_LOGIN] });
});
afterAll(() => h.close());
beforeEach(() => {
  h.sim.reset();
  h.receiver.requests.length = 0;
});

const hmacHex = (key: string, data: Buffer | string): string => crypto.createHmac('sha256', key).update(data).digest('hex');
const lastRequest = (): ReceivedRequest => h.receiver.requests.at(-1)!;
const graph = (path: string): string => `${h.sim.baseUrls.metaGraph}/v25.0${path}`;
const igGraph = (path: string): string => `${h.sim.baseUrls.instagramGraph}/v25.0${path}`;

describe('which app signs an Instagram webhook', () => {
  it('signs an Instagram Login account’s events with the Instagram app secret and a Page-linked one’s with the Facebook app secret', async () => {
    await h.sim.customers.send('instagram', { accountId: IG_LOGIN.accountId, customer: { id: '6841100000000001' }, text: 'hi' });
    const login = lastRequest();
    expect(login.headers['x-hub-signature-256']).toBe(`sha256=${hmacHex(SECRETS.instagram, login.body)}`);
    await h.sim.customers.send('instagram', { accountId: ACCOUNTS.instagram.accountId, customer: { id: '6841100000000002' }, text: 'hi' });
    const viaPage = lastRequest();
    expect(viaPage.url).toBe('/api/v1/webhooks/instagram');
    expect(viaPage.headers['x-hub-signature-256']).toBe(`sha256=${hmacHex(SECRETS.messenger, viaPage.body)}`);
  });

  it('posts a batch of both kinds of accounts once per app, each signed with its app’s secret', async () => {
    await h.sim.customers.batch('instagram', [
      { accountId: IG_LOGIN.accountId, customer: { id: '6841100000000003' }, text: 'one' },
      { accountId: ACCOUNTS.instagram.accountId, customer: { id: '6841100000000004' }, text: 'two' },
    ]);
    const [first, second] = h.receiver.requests.slice(-2) as [ReceivedRequest, ReceivedRequest];
    const entries = (r: ReceivedRequest): string[] => (JSON.parse(r.body.toString()) as { entry: { id: string }[] }).entry.map((e) => e.id);
    expect(entries(first)).toEqual([IG_LOGIN.accountId]);
    expect(first.headers['x-hub-signature-256']).toBe(`sha256=${hmacHex(SECRETS.instagram, first.body)}`);
    expect(entries(second)).toEqual([ACCOUNTS.instagram.accountId]);
    expect(second.headers['x-hub-signature-256']).toBe(`sha256=${hmacHex(SECRETS.messenger, second.body)}`);
  });
});

describe('"Require App Secret"', () => {
  const proof = (token: string, secret: string): string => hmacHex(secret, token);

  it('refuses a Graph call without appsecret_proof only while the app requires it, with Meta’s code and sentence', async () => {
    const url = graph(`/${ACCOUNTS.messenger.accountId}?fields=name&access_token=${ACCOUNTS.messenger.accessToken}`);
    expect((await call(url)).status).toBe(200);
    const put = await control(h.sim, '/_sim/apps/facebook', { ...json({ requireAppSecret: true }), method: 'PUT' });
    expect(put.body).toEqual({ app: 'facebook', requireAppSecret: true });
    const refused = await call(url);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: { code: 100, type: 'GraphMethodException', message: 'API calls from the server require an appsecret_proof argument' } });
    expect((await call(`${url}&appsecret_proof=${proof(ACCOUNTS.messenger.accessToken, SECRETS.messenger)}`)).status).toBe(200);
    // Another app's secret is refused whatever the setting.
    const wrong = await call(`${url}&appsecret_proof=${proof(ACCOUNTS.messenger.accessToken, SECRETS.instagram)}`);
    expect(wrong.body).toMatchObject({ error: { code: 100, message: 'Invalid appsecret_proof provided in the API argument' } });
    // The other apps are unaffected.
    expect((await call(igGraph(`/me?fields=id,username&access_token=${IG_LOGIN.accessToken}`))).status).toBe(200);
  });

  it('checks each app’s own secret: Instagram on graph.instagram.com, WhatsApp for its numbers, and on subscribed_apps too', async () => {
    h.sim.oauth.requireAppSecret('instagram');
    h.sim.oauth.requireAppSecret('whatsapp');
    const me = igGraph(`/me?fields=id,username&access_token=${IG_LOGIN.accessToken}`);
    expect((await call(me)).body).toMatchObject({ error: { code: 100 } });
    expect((await call(`${me}&appsecret_proof=${proof(IG_LOGIN.accessToken, SECRETS.instagram)}`)).status).toBe(200);
    const subs = igGraph(`/${IG_LOGIN.accountId}/subscribed_apps?access_token=${IG_LOGIN.accessToken}`);
    expect((await call(subs)).body).toMatchObject({ error: { code: 100 } });
    expect((await call(`${subs}&appsecret_proof=${proof(IG_LOGIN.accessToken, SECRETS.instagram)}`)).status).toBe(200);
    const numbers = graph(`/${ACCOUNTS.whatsapp.wabaId}/phone_numbers`);
    const bearer = { headers: { authorization: `Bearer ${ACCOUNTS.whatsapp.accessToken}` } };
    expect((await call(numbers, bearer)).body).toMatchObject({ error: { code: 100 } });
    expect((await call(`${numbers}?appsecret_proof=${proof(ACCOUNTS.whatsapp.accessToken, SECRETS.whatsapp)}`, bearer)).status).toBe(200);
    const apps = await control(h.sim, '/_sim/apps');
    expect(apps.body).toEqual({
      apps: [
        { app: 'facebook', requireAppSecret: false },
        { app: 'instagram', requireAppSecret: true },
        { app: 'whatsapp', requireAppSecret: true },
      ],
    });
  });
});

describe('only subscribed webhook fields are delivered', () => {
  it('drops an Instagram Login account’s postbacks, referrals and edits when the app subscribed only messages', async () => {
    const subs = igGraph(`/${IG_LOGIN.accountId}/subscribed_apps?access_token=${IG_LOGIN.accessToken}&subscribed_fields=messages,message_reactions,messaging_seen`);
    expect((await call(subs, { method: 'POST' })).body).toEqual({ success: true });
    const c = { accountId: IG_LOGIN.accountId, customer: { id: '6841100000000005' } };
    const before = h.receiver.requests.length;
    const postback = await h.sim.customers.send('instagram', { ...c, kind: 'postback', payload: 'START' });
    expect(postback.status).toBe(0);
    expect(postback.notDelivered).toContain('messaging_postbacks');
    expect((await h.sim.customers.send('instagram', { ...c, kind: 'referral' })).notDelivered).toContain('messaging_referral');
    expect((await h.sim.customers.send('instagram', { ...c, kind: 'edit', replyTo: 'aWdfZG1fMDAx', text: 'x' })).notDelivered).toContain('message_edit');
    expect(h.receiver.requests.length).toBe(before);
    expect((await h.sim.customers.send('instagram', { ...c, text: 'still here' })).status).toBe(200);
    expect((await h.sim.customers.send('instagram', { ...c, kind: 'read', replyTo: 'aWdfZG1fMDAx' })).status).toBe(200);
  });

  it('drops a Messenger field the Page is not subscribed to, and everything once the subscription is gone', async () => {
    const page = ACCOUNTS.messenger;
    await call(graph(`/${page.accountId}/subscribed_apps?access_token=${page.accessToken}&subscribed_fields=messages,message_echoes`), { method: 'POST' });
    const c = { accountId: page.accountId, customer: { id: '2490000000000001' } };
    expect((await h.sim.customers.send('messenger', { ...c, kind: 'reaction', replyTo: 'm_x' })).notDelivered).toContain('message_reactions');
    expect((await h.sim.customers.send('messenger', { ...c, kind: 'delivery' })).notDelivered).toContain('message_deliveries');
    expect((await h.sim.customers.send('messenger', { ...c, text: 'hello' })).status).toBe(200);
    h.sim.oauth.dropSubscription(page.accountId);
    expect((await h.sim.customers.send('messenger', { ...c, text: 'anyone?' })).notDelivered).toMatch(/no subscription/);
    // sendRaw posts what it is given: tests of odd payloads are not filtered.
    const raw = { object: 'page', entry: [{ id: page.accountId, time: Date.now(), messaging: [] }] };
    expect((await h.sim.customers.sendRaw('messenger', raw)).status).toBe(200);
  });
});

describe('TikTok retries', () => {
  it('keeps the signature timestamp of the first attempt', async () => {
    const firstAttemptAt = Date.now() - 40 * 60_000;
    await h.sim.customers.send('tiktok', { accountId: ACCOUNTS.tiktok.accountId, customer: { id: '-000Ux9Kp2LmN4vB7cQ0aZrT8yH1wE3sD' }, text: 'hi', firstAttemptAt });
    const req = lastRequest();
    const t = Math.floor(firstAttemptAt / 1000);
    expect(req.headers['tiktok-signature']).toBe(`t=${t},s=${hmacHex(SECRETS.tiktok, `${t}.${req.body.toString()}`)}`);
    const [delivered] = h.sim.recorded.webhooks({ platform: 'tiktok' });
    await h.sim.customers.redeliver(delivered!);
    const again = lastRequest();
    expect(again.headers['tiktok-signature']).toBe(req.headers['tiktok-signature']);
    expect(again.body.equals(req.body)).toBe(true);
  });
});

describe('secrets keyed by platform', () => {
  it('says which platform’s secret is missing instead of signing with nothing', async () => {
    const bare = await startHarness({ secrets: { messenger: SECRETS.messenger } });
    try {
      await expect(bare.sim.customers.send('tiktok', { accountId: ACCOUNTS.tiktok.accountId, customer: { id: '-000Ux9Kp2LmN4vB7cQ0aZrT8yH1wE3sD' }, text: 'hi' })).rejects.toThrow(
        /no secret for tiktok/,
      );
      expect(bare.receiver.requests).toHaveLength(0);
      await bare.sim.customers.send('messenger', { accountId: ACCOUNTS.messenger.accountId, customer: { id: '7100000000000001' }, text: 'hi' });
      expect(bare.receiver.requests.at(-1)!.headers['x-hub-signature-256']).toBe(`sha256=${hmacHex(SECRETS.messenger, bare.receiver.requests.at(-1)!.body)}`);
    } finally {
      await bare.close();
    }
  });
});
