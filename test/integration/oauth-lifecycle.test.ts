import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { openCredentials, sealCredentials } from '../../src/core/channel-accounts/channel-credentials.ts';
import { refreshChannelToken } from '../../src/core/connections/refresh-channel-token.ts';
import { checkChannelSubscription, createSubscriptionChecker } from '../../src/core/connections/subscription-checker.ts';
import { createTokenRefresher } from '../../src/core/connections/token-refresher.ts';
import type { Channel } from '../../src/db/schema.ts';
import { cookieOf, IG_LOGIN, IG_VIA_PAGE, locationOf, PAGE_A, runConsent, startOAuthHarness, TIKTOK_BUSINESS, WABA, WA_NUMBER, type OAuthHarness } from '../helpers/oauth-harness.ts';

/**
 * After connecting: tokens refreshed before they lapse (TikTok's rotating refresh token spent once
 * even when two refreshes race), a refused refresh → needs_reconnect, a lost webhook subscription
 * reported as a warning, and disconnecting removes the subscription but keeps the conversations.
 */

let h: OAuthHarness;
let org: Awaited<ReturnType<OAuthHarness['t']['newOrganization']>>;
const log = pino({ level: 'silent' });

beforeAll(async () => {
  h = await startOAuthHarness();
  org = await h.t.newOrganization('Lifecycle');
});
afterAll(async () => h?.close());

const deps = () => h.t.ctx;
const channelOf = async (platform: Channel['platform'], id: string) =>
  h.t.ctx.db.selectFrom('channels').selectAll().where('platform', '=', platform).where('external_account_id', '=', id).executeTakeFirstOrThrow();
const setExpiry = (id: number, at: Date) => h.t.ctx.db.updateTable('channels').set({ token_expires_at: at }).where('id', '=', id).execute();
const apiChannels = async () =>
  (await h.t.app.inject({ method: 'GET', url: '/api/v1/channels', headers: { authorization: `Bearer ${org.token}` } })).json().channels as {
    id: number;
    connectionState: string;
    health: { status: string; warnings: string[] };
    subscription: { state: string } | null;
  }[];

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

describe('TikTok token refresh', () => {
  it('renews a due token once even when two refreshes race, and stores the rotated refresh token', async () => {
    expect(locationOf((await runConsent(h, 'tiktok', org.token, { target: TIKTOK_BUSINESS })).response)).toBe('/settings/channels?connected=tiktok');
    const before = await channelOf('tiktok', TIKTOK_BUSINESS);
    const old = openCredentials(h.t.ctx.secretBox, before);
    if (old?.platform !== 'tiktok') throw new Error('not TikTok');
    // A fresh token is left alone.
    expect(await refreshChannelToken(deps(), before.id)).toBe('fresh');

    await setExpiry(before.id, new Date(Date.now() + 60_000));
    const since = h.sim.recorded.list().length;
    const outcomes = await Promise.all([refreshChannelToken(deps(), before.id), refreshChannelToken(deps(), before.id)]);
    expect(outcomes.sort()).toEqual(['fresh', 'refreshed']);
    const refreshes = h.sim.recorded
      .list()
      .slice(since)
      .filter((c) => c.path.endsWith('/tt_user/oauth2/refresh_token/'));
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]!.body).toMatchObject({ grant_type: 'refresh_token', refresh_token: old.refreshToken, client_id: 'aw-snorq-client-key' });

    const after = await channelOf('tiktok', TIKTOK_BUSINESS);
    const next = openCredentials(h.t.ctx.secretBox, after);
    if (next?.platform !== 'tiktok') throw new Error('not TikTok');
    expect(next.refreshToken).not.toBe(old.refreshToken);
    expect(next.accessToken).toBe(h.sim.oauth.accessToken('tiktok', TIKTOK_BUSINESS));
    expect(after.token_expires_at!.getTime() - Date.now()).toBeGreaterThan(23 * 3_600_000);
    expect(after.token_refreshed_at).not.toBeNull();

    // The spent refresh token is dead at TikTok.
    const replay = await fetch(`${h.sim.baseUrls.tiktok}/open_api/v1.3/tt_user/oauth2/refresh_token/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: 'aw-snorq-client-key', client_secret: 'tt-secret-0123456789', grant_type: 'refresh_token', refresh_token: old.refreshToken }),
    });
    expect(((await replay.json()) as { code: number }).code).not.toBe(0);

    // The refresher's pass finds nothing due now.
    const pass = await createTokenRefresher({ ...deps(), log }).runOnce();
    expect(pass.get(after.id)).toBe('fresh');
  });

  it('marks the channel needs_reconnect when TikTok refuses the refresh token, and a new authorisation restores it', async () => {
    const channel = await channelOf('tiktok', TIKTOK_BUSINESS);
    h.sim.oauth.revokeRefreshTokens(TIKTOK_BUSINESS);
    await setExpiry(channel.id, new Date(Date.now() + 60_000));
    expect(await refreshChannelToken(deps(), channel.id)).toBe('rejected');
    const broken = await channelOf('tiktok', TIKTOK_BUSINESS);
    expect(broken.connection_state).toBe('needs_reconnect');
    expect(broken.last_error).toMatch(/TikTok refused/);
    const listed = (await apiChannels()).find((c) => c.id === channel.id)!;
    expect(listed.health.status).toBe('error');
    expect(listed.health.warnings[0]).toMatch(/^Needs reconnecting/);

    expect(locationOf((await runConsent(h, 'tiktok', org.token, { target: TIKTOK_BUSINESS })).response)).toBe('/settings/channels?connected=tiktok');
    expect((await channelOf('tiktok', TIKTOK_BUSINESS)).connection_state).toBe('connected');
  });
});

describe('TikTok recovery', () => {
  it('renews a channel a send marked needs_reconnect (its access token lapsed) with the refresh token, but not after a refused refresh', async () => {
    const channel = await channelOf('tiktok', TIKTOK_BUSINESS);
    // the outbox saw TikTok refuse the expired access token
    await h.t.ctx.db.updateTable('channels').set({ connection_state: 'needs_reconnect', last_error: 'TikTok rejected the access token.' }).where('id', '=', channel.id).execute();
    const pass = await createTokenRefresher({ ...deps(), log }).runOnce();
    expect(pass.get(channel.id)).toBe('refreshed');
    expect(await channelOf('tiktok', TIKTOK_BUSINESS)).toMatchObject({ connection_state: 'connected', last_error: null });

    h.sim.oauth.revokeRefreshTokens(TIKTOK_BUSINESS);
    await h.t.ctx.db.updateTable('channels').set({ connection_state: 'needs_reconnect', last_error: 'TikTok rejected the access token.' }).where('id', '=', channel.id).execute();
    expect((await createTokenRefresher({ ...deps(), log }).runOnce()).get(channel.id)).toBe('rejected');
    // a refused refresh is final until an admin reconnects: the next pass leaves it alone
    expect((await createTokenRefresher({ ...deps(), log }).runOnce()).has(channel.id)).toBe(false);
    expect(locationOf((await runConsent(h, 'tiktok', org.token, { target: TIKTOK_BUSINESS })).response)).toBe('/settings/channels?connected=tiktok');
  });
});

describe('Instagram Login token refresh', () => {
  it('waits until fewer than ten days are left and the token is a day old, then renews it for another 60 days', async () => {
    expect(locationOf((await runConsent(h, 'instagram', org.token, { target: IG_LOGIN })).response)).toBe('/settings/channels?connected=instagram');
    const channel = await channelOf('instagram', IG_LOGIN);
    const token = h.sim.oauth.accessToken('instagram', IG_LOGIN)!;
    await setExpiry(channel.id, new Date(Date.now() + 5 * 86_400_000));
    // Just issued: the refresh endpoint would refuse it (FACTS 3.6), so snorq waits.
    expect(await refreshChannelToken(deps(), channel.id)).toBe('fresh');

    const later = new Date(Date.now() + 2 * 86_400_000);
    h.sim.oauth.ageToken(token, 2 * 86_400_000);
    expect(await refreshChannelToken(deps(), channel.id, { now: later })).toBe('refreshed');
    const after = await channelOf('instagram', IG_LOGIN);
    const creds = openCredentials(h.t.ctx.secretBox, after);
    expect(creds).toMatchObject({ platform: 'instagram', loginType: 'instagram', accessToken: h.sim.oauth.accessToken('instagram', IG_LOGIN) });
    expect(creds?.platform === 'instagram' && creds.accessToken).not.toBe(token);
    const days = (after.token_expires_at!.getTime() - later.getTime()) / 86_400_000;
    expect(Math.round(days)).toBe(60);
  });
});

describe('webhook subscription health', () => {
  it('reads the subscriptions back from the platforms and reports a lost one as a warning', async () => {
    await connectPages('messenger', PAGE_A);
    expect(locationOf((await runConsent(h, 'whatsapp', org.token, { target: WABA })).response)).toBe('/settings/channels?connected=whatsapp');
    const page = await channelOf('messenger', PAGE_A);
    const number = await channelOf('whatsapp', WA_NUMBER);
    expect((await checkChannelSubscription(deps(), page.id))?.state).toBe('subscribed');

    h.sim.oauth.dropSubscription(PAGE_A);
    h.sim.oauth.dropSubscription(WABA);
    expect(await createSubscriptionChecker({ ...deps(), log }).runOnce(new Date(Date.now() + 16 * 60_000))).toBe(true);
    const listed = await apiChannels();
    for (const id of [page.id, number.id]) {
      const c = listed.find((x) => x.id === id)!;
      expect(c.subscription?.state).toBe('missing');
      expect(c.health.status).toBe('warning');
      expect(c.health.warnings.join(' ')).toMatch(/Webhook subscription missing: Meta no longer sends/);
    }

    // A token Meta rejects while checking: the channel needs reconnecting, as after a rejected send.
    await h.t.ctx.db
      .updateTable('channels')
      .set({ credentials_enc: sealCredentials(h.t.ctx.secretBox, { platform: 'whatsapp', accessToken: 'EAAGrevoked000000', wabaId: WABA }) })
      .where('id', '=', number.id)
      .execute();
    const rejected = await checkChannelSubscription(deps(), number.id);
    expect(rejected?.failure?.tokenInvalid).toBe(true);
    expect((await channelOf('whatsapp', WA_NUMBER)).connection_state).toBe('needs_reconnect');

    // Reconnecting subscribes again.
    await connectPages('messenger', PAGE_A);
    expect(h.sim.oauth.subscription(PAGE_A)).toContain('messages');
    expect((await channelOf('messenger', PAGE_A)).subscription_state).toBe('subscribed');
  });
});

describe('disconnect', () => {
  it('removes the Page subscription once nothing else uses the Page, deletes the tokens, and keeps the conversations', async () => {
    await connectPages('messenger', PAGE_A);
    await connectPages('instagram', IG_VIA_PAGE);
    const sent = await h.sim.customers.send('messenger', { accountId: PAGE_A, customer: { id: '2900000000000001', name: 'Ana' }, text: 'hello' });
    expect(sent.status).toBe(200);
    const page = await channelOf('messenger', PAGE_A);
    const conversations = await h.t.ctx.db.selectFrom('conversations').select('id').where('channel_id', '=', page.id).execute();
    expect(conversations).toHaveLength(1);

    const del = (id: number) => h.t.app.inject({ method: 'DELETE', url: `/api/v1/channels/${id}`, headers: { authorization: `Bearer ${org.token}` } });
    // The linked Instagram account still gets its messages through this Page: the subscription stays.
    expect((await del(page.id)).json()).toEqual({ ok: true, subscription: 'kept' });
    expect(h.sim.oauth.subscription(PAGE_A)).not.toBeNull();

    const since = h.sim.recorded.list().length;
    const ig = await channelOf('instagram', IG_VIA_PAGE);
    expect((await del(ig.id)).json()).toEqual({ ok: true, subscription: 'removed' });
    expect(
      h.sim.recorded
        .list()
        .slice(since)
        .some((c) => c.method === 'DELETE' && c.path === `/graph/v25.0/${PAGE_A}/subscribed_apps`),
    ).toBe(true);
    expect(h.sim.oauth.subscription(PAGE_A)).toBeNull();

    for (const c of [await channelOf('messenger', PAGE_A), await channelOf('instagram', IG_VIA_PAGE)]) {
      expect(c).toMatchObject({ connection_state: 'disconnected', credentials_enc: null, token_expires_at: null, subscription_state: null });
    }
    expect(await h.t.ctx.db.selectFrom('conversations').select('id').where('channel_id', '=', page.id).execute()).toEqual(conversations);
  });
});
