import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelOf as definitionOf } from '../../src/channels/registry.ts';
import { openCredentials } from '../../src/core/channel-accounts/channel-credentials.ts';
import { platformCallContext } from '../../src/core/channel-accounts/platform-call.ts';
import { checkChannelSubscription } from '../../src/core/connections/subscription-checker.ts';
import type { Config } from '../../src/config/config.ts';
import type { Channel } from '../../src/db/schema.ts';
import { cookieOf, IG_LOGIN, IG_VIA_PAGE, locationOf, PAGE_A, runConsent, startOAuthHarness, TIKTOK_BUSINESS, WABA, WA_NUMBER, type OAuthHarness } from '../helpers/oauth-harness.ts';

/**
 * Real Meta and TikTok deployments, as the simulator plays them: Instagram events come from two
 * apps with two secrets (Instagram Login vs. through a Page) to one URL, every Graph call carries
 * the right app's appsecret_proof when "Require App Secret" is on, Instagram Login is subscribed to
 * every field snorq reads, and a TikTok retry that keeps its first signature timestamp is not lost.
 */

let h: OAuthHarness;
let org: Awaited<ReturnType<OAuthHarness['t']['newOrganization']>>;

beforeAll(async () => {
  h = await startOAuthHarness({ FACEBOOK_VERIFY_TOKEN: 'fb-verify-token', INSTAGRAM_VERIFY_TOKEN: 'ig-verify-token' });
  org = await h.t.newOrganization('Two apps');
  await connectPages('messenger', PAGE_A);
  await connectPages('instagram', IG_VIA_PAGE);
  expect(locationOf((await runConsent(h, 'instagram', org.token, { target: IG_LOGIN })).response)).toBe('/settings/channels?connected=instagram');
  expect(locationOf((await runConsent(h, 'whatsapp', org.token, { target: WABA })).response)).toBe('/settings/channels?connected=whatsapp');
  expect(locationOf((await runConsent(h, 'tiktok', org.token, { target: TIKTOK_BUSINESS })).response)).toBe('/settings/channels?connected=tiktok');
});
afterAll(async () => h?.close());

async function connectPages(platform: 'messenger' | 'instagram', account: string) {
  const { response } = await runConsent(h, platform, org.token, platform === 'instagram' ? { query: '?via=facebook' } : {});
  const chosen = await fetch(`${h.base}${locationOf(response)}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...cookieOf(org.token), origin: h.base, 'content-type': 'application/x-www-form-urlencoded' },
    body: `account=${account}`,
  });
  expect(locationOf(chosen)).toBe(`/settings/channels?connected=${platform}`);
}

const channelOf = (platform: Channel['platform'], id: string) =>
  h.t.ctx.db.selectFrom('channels').selectAll().where('platform', '=', platform).where('external_account_id', '=', id).executeTakeFirstOrThrow();
const messagesOf = async (channel: Channel) => h.t.ctx.db.selectFrom('messages').select(['external_id', 'content as text']).where('channel_id', '=', channel.id).execute();

/** A reply as the outbox worker sends it: the channel's call context, the platform's send adapter. */
async function reply(platform: 'messenger' | 'instagram' | 'whatsapp', accountId: string, recipientId: string, config: Config = h.t.ctx.config) {
  const channel = await channelOf(platform, accountId);
  const creds = openCredentials(h.t.ctx.secretBox, channel)!;
  return definitionOf(platform).api.send(platformCallContext(config, channel, creds), { recipientId, text: 'Yes, we have it.' });
}

describe('Instagram with two apps', () => {
  it('accepts Instagram webhooks signed by either app at the one URL and routes each to its account', async () => {
    const viaPage = await h.sim.customers.send('instagram', { accountId: IG_VIA_PAGE, customer: { id: '6841200000000001' }, text: 'via the Page' });
    const login = await h.sim.customers.send('instagram', { accountId: IG_LOGIN, customer: { id: '6841200000000002' }, text: 'via Instagram Login' });
    expect([viaPage.status, login.status]).toEqual([200, 200]);
    // The simulator signs each with its own app's secret, as Meta does.
    const [first, second] = h.sim.recorded.webhooks({ platform: 'instagram' }).slice(-2);
    expect(first!.headers['x-hub-signature-256']).not.toBe(second!.headers['x-hub-signature-256']);
    expect((await messagesOf(await channelOf('instagram', IG_VIA_PAGE))).map((m) => m.text)).toContain('via the Page');
    expect((await messagesOf(await channelOf('instagram', IG_LOGIN))).map((m) => m.text)).toContain('via Instagram Login');
  });

  it('confirms the subscription handshake with either app’s verify token, and no other', async () => {
    expect((await h.sim.customers.handshake('instagram', 'ig-verify-token')).ok).toBe(true);
    expect((await h.sim.customers.handshake('instagram', 'fb-verify-token')).ok).toBe(true);
    expect((await h.sim.customers.handshake('instagram', 'not-ours')).status).toBe(403);
    expect((await h.sim.customers.handshake('messenger', 'ig-verify-token')).status).toBe(403);
  });

  it('subscribes Instagram Login to every field snorq reads, so postbacks, referrals, reactions, reads and edits arrive', async () => {
    const c = { accountId: IG_LOGIN, customer: { id: '6841200000000003' } };
    const text = await h.sim.customers.send('instagram', { ...c, text: 'first' });
    const events = [
      await h.sim.customers.send('instagram', { ...c, kind: 'postback', text: 'Opening hours', payload: 'HOURS' }),
      await h.sim.customers.send('instagram', { ...c, kind: 'referral' }),
      await h.sim.customers.send('instagram', { ...c, kind: 'reaction', replyTo: text.externalId! }),
      await h.sim.customers.send('instagram', { ...c, kind: 'edit', replyTo: text.externalId!, text: 'first, edited' }),
      await h.sim.customers.send('instagram', { ...c, kind: 'read', replyTo: text.externalId! }),
    ];
    expect(events.map((e) => e.notDelivered ?? e.status)).toEqual([200, 200, 200, 200, 200]);
    expect((await messagesOf(await channelOf('instagram', IG_LOGIN))).map((m) => m.text)).toContain('first, edited');
  });
});

describe('"Require App Secret"', () => {
  it('keeps sends and subscription checks working on every Meta app, each call proved with its own app’s secret', async () => {
    await h.sim.customers.send('messenger', { accountId: PAGE_A, customer: { id: '2900000000000011' }, text: 'hello' });
    await h.sim.customers.send('instagram', { accountId: IG_VIA_PAGE, customer: { id: '6841200000000011' }, text: 'hello' });
    await h.sim.customers.send('instagram', { accountId: IG_LOGIN, customer: { id: '6841200000000012' }, text: 'hello' });
    await h.sim.customers.send('whatsapp', { accountId: WA_NUMBER, customer: { id: '5511987650011' }, text: 'olá' });
    for (const app of ['facebook', 'instagram', 'whatsapp'] as const) h.sim.oauth.requireAppSecret(app);
    try {
      const sent = [
        await reply('messenger', PAGE_A, '2900000000000011'),
        await reply('instagram', IG_VIA_PAGE, '6841200000000011'),
        await reply('instagram', IG_LOGIN, '6841200000000012'),
        await reply('whatsapp', WA_NUMBER, '5511987650011'),
      ];
      expect(sent.map((s) => (s.ok ? 'sent' : s.failure.reason))).toEqual(['sent', 'sent', 'sent', 'sent']);
      for (const [platform, id] of [
        ['messenger', PAGE_A],
        ['instagram', IG_VIA_PAGE],
        ['instagram', IG_LOGIN],
        ['whatsapp', WA_NUMBER],
      ] as const) {
        const outcome = await checkChannelSubscription(h.t.ctx, (await channelOf(platform, id)).id);
        expect(outcome?.state, `${platform} ${id}: ${outcome?.detail}`).toBe('subscribed');
      }
    } finally {
      for (const app of ['facebook', 'instagram', 'whatsapp'] as const) h.sim.oauth.requireAppSecret(app, false);
    }
  });

  it('reports a refusal for a missing proof as a channel error naming the setting, not an unknown one', async () => {
    h.sim.oauth.requireAppSecret('facebook');
    try {
      const withoutSecret = { ...h.t.ctx.config, FACEBOOK_APP_SECRET: undefined };
      const res = await reply('messenger', PAGE_A, '2900000000000011', withoutSecret);
      expect(res.ok).toBe(false);
      if (res.ok) return;
      expect(res.failure).toMatchObject({ code: 'APP_SECRET_PROOF_REFUSED', retryable: false, platformCode: '100' });
      expect(res.failure.reason).toMatch(/Require App Secret/);
      expect(res.failure.tokenInvalid).toBeUndefined();
    } finally {
      h.sim.oauth.requireAppSecret('facebook', false);
    }
  });
});

describe('TikTok retries', () => {
  it('accepts a retry signed at its first attempt 40 minutes ago, and a replay of it stores nothing new', async () => {
    const firstAttemptAt = Date.now() - 40 * 60_000;
    const sent = await h.sim.customers.send('tiktok', { accountId: TIKTOK_BUSINESS, customer: { id: '-000Ux9Kp2LmN4vB7cQ0aZrT8yH1wE3sD' }, text: 'sent during the outage', firstAttemptAt });
    expect(sent.status).toBe(200);
    const channel = await channelOf('tiktok', TIKTOK_BUSINESS);
    expect((await messagesOf(channel)).map((m) => m.external_id)).toEqual([sent.externalId]);
    const [delivered] = h.sim.recorded.webhooks({ platform: 'tiktok' }).slice(-1);
    expect((await h.sim.customers.redeliver(delivered!)).status).toBe(200);
    expect(await messagesOf(channel)).toHaveLength(1);
  });

  it('still refuses a signature older than TikTok’s 72-hour retry horizon', async () => {
    const firstAttemptAt = Date.now() - 73 * 3_600_000;
    const sent = await h.sim.customers.send('tiktok', { accountId: TIKTOK_BUSINESS, customer: { id: '-000Ux9Kp2LmN4vB7cQ0aZrT8yH1wE3sD' }, text: 'too late', firstAttemptAt });
    expect(sent.status).toBe(401);
  });
});

describe('an Instagram Login account subscribed before snorq read every field', () => {
  it('has the missing fields added by the subscription check, with the channel’s own token and proof', async () => {
    const token = h.sim.oauth.accessToken('instagram', IG_LOGIN)!;
    const old = await fetch(`${h.sim.baseUrls.instagramGraph}/v25.0/${IG_LOGIN}/subscribed_apps?subscribed_fields=messages,message_reactions,messaging_seen&access_token=${token}`, { method: 'POST' });
    expect(old.status).toBe(200);
    const c = { accountId: IG_LOGIN, customer: { id: '6841200000000021' } };
    expect((await h.sim.customers.send('instagram', { ...c, kind: 'postback', payload: 'HOURS' })).notDelivered).toContain('messaging_postbacks');
    h.sim.oauth.requireAppSecret('instagram');
    try {
      const outcome = await checkChannelSubscription(h.t.ctx, (await channelOf('instagram', IG_LOGIN)).id);
      expect(outcome).toMatchObject({ state: 'subscribed' });
    } finally {
      h.sim.oauth.requireAppSecret('instagram', false);
    }
    expect(h.sim.oauth.subscription(IG_LOGIN)).toEqual(['messages', 'messaging_postbacks', 'messaging_referral', 'message_reactions', 'messaging_seen', 'message_edit']);
    expect((await h.sim.customers.send('instagram', { ...c, kind: 'postback', payload: 'HOURS' })).status).toBe(200);
  });
});
