import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/core/accounts/users.ts';
import { openCredentials } from '../../src/core/channel-accounts/channel-credentials.ts';
import { createOAuthStateSigner } from '../../src/core/connections/oauth-state.ts';
import type { Channel } from '../../src/db/schema.ts';
import {
  cookieOf,
  IG_LOGIN,
  IG_VIA_PAGE,
  locationOf,
  PAGE_A,
  PAGE_B,
  runConsent,
  startOAuthHarness,
  TIKTOK_BUSINESS,
  TWILIO_SID,
  TWILIO_TOKEN,
  WA_NUMBER,
  WABA,
  type OAuthHarness,
} from '../helpers/oauth-harness.ts';

/**
 * The connect flows end to end over real HTTP: snorq ↔ the simulator's consent pages and token
 * endpoints, redirects followed by hand as a browser would, channels checked in the database.
 * Refresh, health and disconnect are in oauth-lifecycle.test.ts.
 */

let h: OAuthHarness;
let org: Awaited<ReturnType<OAuthHarness['t']['newOrganization']>>;

beforeAll(async () => {
  h = await startOAuthHarness();
  org = await h.t.newOrganization('Connecting');
});
afterAll(async () => h?.close());

const channelOf = (platform: Channel['platform'], externalAccountId: string) =>
  h.t.ctx.db.selectFrom('channels').selectAll().where('platform', '=', platform).where('external_account_id', '=', externalAccountId).executeTakeFirst();
const channelCount = async () =>
  Number(
    (
      await h.t.ctx.db
        .selectFrom('channels')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Sealed at rest: the token's bytes appear nowhere in the stored column. */
function expectSealed(channel: Channel | undefined, token: string) {
  expect(channel?.credentials_enc).toBeTruthy();
  expect(channel!.credentials_enc!.includes(Buffer.from(token))).toBe(false);
}

describe('Facebook Login for Pages (Messenger)', () => {
  it('exchanges the code for a long-lived token, lets the admin pick Pages, stores their tokens sealed and subscribes each', async () => {
    const since = h.sim.recorded.list().length;
    const { response } = await runConsent(h, 'messenger', org.token);
    expect(response.status).toBe(303);
    const chooseUrl = locationOf(response);
    expect(chooseUrl).toMatch(/^\/api\/v1\/platforms\/choose\/[A-Za-z0-9_-]{43}$/);

    const picker = await fetch(`${h.base}${chooseUrl}`, { headers: cookieOf(org.token) });
    expect(picker.status).toBe(200);
    expect(picker.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await picker.text();
    expect(html).toContain('Snorq Coffee');
    // The Page name is the platform's text: escaped, never markup.
    expect(html).toContain('Tea &lt;b&gt;&amp;&lt;/b&gt; &quot;Cakes&quot;');
    expect(html).not.toContain('<b>&</b>');
    // Another session cannot see or use it.
    const stranger = await h.t.newOrganization('Stranger');
    expect((await fetch(`${h.base}${chooseUrl}`, { headers: cookieOf(stranger.token) })).status).toBe(410);

    const chosen = await fetch(`${h.base}${chooseUrl}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...cookieOf(org.token), origin: h.base, 'content-type': 'application/x-www-form-urlencoded' },
      body: `account=${PAGE_A}`,
    });
    expect(chosen.status).toBe(303);
    expect(locationOf(chosen)).toBe('/settings/channels?connected=messenger');

    const channel = await channelOf('messenger', PAGE_A);
    expect(channel).toMatchObject({
      organization_id: org.organizationId,
      source: 'oauth',
      connection_state: 'connected',
      token_expires_at: null,
      subscription_state: 'subscribed',
      display_name: 'Snorq Coffee',
    });
    expectSealed(channel, 'EAApageA0123456789');
    expect(openCredentials(h.t.ctx.secretBox, channel!)).toEqual({ platform: 'messenger', pageAccessToken: 'EAApageA0123456789' });
    expect(await channelOf('messenger', PAGE_B)).toBeUndefined();

    const calls = h.sim.recorded.list().slice(since);
    const exchanges = calls.filter((c) => c.path.endsWith('/oauth/access_token'));
    expect(exchanges.map((c) => (c.query.grant_type ? 'fb_exchange_token' : 'code'))).toEqual(['code', 'fb_exchange_token']);
    expect(exchanges[0]!.query.redirect_uri).toBe(`${h.base}/api/v1/platforms/callback/messenger`);
    expect(calls.some((c) => c.path.endsWith('/me/accounts'))).toBe(true);
    const subscribe = calls.find((c) => c.method === 'POST' && c.path === `/graph/v25.0/${PAGE_A}/subscribed_apps`);
    expect(subscribe?.query.subscribed_fields).toContain('messages');
    expect(h.sim.oauth.subscription(PAGE_A)).toContain('message_echoes');

    // The picker is single-use.
    const again = await fetch(`${h.base}${chooseUrl}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...cookieOf(org.token), origin: h.base, 'content-type': 'application/x-www-form-urlencoded' },
      body: `account=${PAGE_B}`,
    });
    expect(again.status).toBe(410);
    expect(await channelOf('messenger', PAGE_B)).toBeUndefined();
  });

  it('connects Instagram through its linked Page (path A) when asked to', async () => {
    const { response } = await runConsent(h, 'instagram', org.token, { query: '?via=facebook' });
    const chooseUrl = locationOf(response);
    const html = await (await fetch(`${h.base}${chooseUrl}`, { headers: cookieOf(org.token) })).text();
    expect(html).toContain('@snorq.coffee');
    const chosen = await fetch(`${h.base}${chooseUrl}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...cookieOf(org.token), origin: h.base, 'content-type': 'application/x-www-form-urlencoded' },
      body: `account=${IG_VIA_PAGE}`,
    });
    expect(locationOf(chosen)).toBe('/settings/channels?connected=instagram');
    const channel = await channelOf('instagram', IG_VIA_PAGE);
    expect(openCredentials(h.t.ctx.secretBox, channel!)).toEqual({ platform: 'instagram', accessToken: 'EAApageA0123456789', loginType: 'facebook', pageId: PAGE_A });
    expect(channel?.subscription_state).toBe('subscribed');
  });
});

describe('Instagram Login (path B)', () => {
  it('stores the 60-day token with its expiry, under the account’s user_id, and subscribes it on graph.instagram.com', async () => {
    const since = h.sim.recorded.list().length;
    const { response } = await runConsent(h, 'instagram', org.token, { target: IG_LOGIN });
    expect(locationOf(response)).toBe('/settings/channels?connected=instagram');
    const channel = await channelOf('instagram', IG_LOGIN);
    const token = h.sim.oauth.accessToken('instagram', IG_LOGIN)!;
    expect(openCredentials(h.t.ctx.secretBox, channel!)).toEqual({ platform: 'instagram', accessToken: token, loginType: 'instagram' });
    expectSealed(channel, token);
    const days = (channel!.token_expires_at!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(59);
    expect(days).toBeLessThan(61);
    const calls = h.sim.recorded.list().slice(since);
    expect(calls.find((c) => c.path === '/instagram-api/oauth/access_token')?.body).toMatchObject({
      grant_type: 'authorization_code',
      client_id: '990602627938098',
      redirect_uri: `${h.base}/api/v1/platforms/callback/instagram`,
    });
    expect(calls.find((c) => c.path === '/instagram/access_token')?.query.grant_type).toBe('ig_exchange_token');
    expect(calls.find((c) => c.method === 'POST' && c.path === `/instagram/v25.0/${IG_LOGIN}/subscribed_apps`)?.query.subscribed_fields).toBe(
      'messages,messaging_postbacks,messaging_referral,message_reactions,messaging_seen,message_edit',
    );
  });
});

describe('WhatsApp Embedded Signup', () => {
  it('exchanges the code, finds the shared WABA through debug_token, connects its numbers and subscribes the WABA', async () => {
    const since = h.sim.recorded.list().length;
    const { response } = await runConsent(h, 'whatsapp', org.token, { target: WABA });
    expect(locationOf(response)).toBe('/settings/channels?connected=whatsapp');
    const channel = await channelOf('whatsapp', WA_NUMBER);
    expect(openCredentials(h.t.ctx.secretBox, channel!)).toEqual({ platform: 'whatsapp', accessToken: 'EAAGwaba0123456789', wabaId: WABA });
    expectSealed(channel, 'EAAGwaba0123456789');
    expect(channel).toMatchObject({ token_expires_at: null, subscription_state: 'subscribed', source: 'oauth' });
    const calls = h.sim.recorded.list().slice(since);
    expect(calls.find((c) => c.path.endsWith('/debug_token'))?.query.access_token).toMatch(/^1517776481860111\|/);
    const subscribe = calls.find((c) => c.method === 'POST' && c.path === `/graph/v25.0/${WABA}/subscribed_apps`);
    expect(subscribe?.headers.authorization).toBe('Bearer EAAGwaba0123456789');
  });
});

describe('TikTok business authorisation', () => {
  it('stores access and refresh tokens with both expiries and registers the app’s webhook URL', async () => {
    h.sim.oauth.setTikTokCallback(null);
    const { response } = await runConsent(h, 'tiktok', org.token, { target: TIKTOK_BUSINESS });
    expect(locationOf(response)).toBe('/settings/channels?connected=tiktok');
    const channel = await channelOf('tiktok', TIKTOK_BUSINESS);
    const creds = openCredentials(h.t.ctx.secretBox, channel!);
    expect(creds).toMatchObject({
      platform: 'tiktok',
      accessToken: h.sim.oauth.accessToken('tiktok', TIKTOK_BUSINESS),
      refreshToken: expect.stringMatching(/^rft\./),
      scope: expect.stringContaining('message.list.send'),
    });
    expectSealed(channel, creds!.platform === 'tiktok' ? creds!.refreshToken! : '');
    const hours = (channel!.token_expires_at!.getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23);
    expect(hours).toBeLessThan(25);
    expect(creds!.platform === 'tiktok' && Date.parse(creds!.refreshTokenExpiresAt!) - Date.now()).toBeGreaterThan(360 * 86_400_000);
    expect(channel?.display_name).toBe('Snorq TikTok');
    expect(h.sim.oauth.tiktokCallback()).toBe(`${h.base}/api/v1/webhooks/tiktok`);
    expect(channel?.subscription_state).toBe('subscribed');
  });
});

describe('Twilio (no OAuth: a form)', () => {
  it('checks the Account SID and Auth Token with Twilio, then stores them and points the sender’s webhook at snorq', async () => {
    const form = await fetch(`${h.base}/api/v1/platforms/connect/twilio`, { headers: cookieOf(org.token) });
    expect(form.status).toBe(200);
    const html = await form.text();
    const state = /name="state" value="([^"]+)"/.exec(html)![1]!;
    const post = (fields: Record<string, string>) =>
      fetch(`${h.base}/api/v1/platforms/connect/twilio`, {
        method: 'POST',
        redirect: 'manual',
        headers: { ...cookieOf(org.token), origin: h.base, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });

    const wrong = await post({ state, accountSid: TWILIO_SID, authToken: 'not-the-token-0123456789', sender: '+14155238886' });
    expect(wrong.status).toBe(400);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain('Twilio refused this Account SID and Auth Token.');
    expect(await channelOf('twilio', `${TWILIO_SID}:whatsapp:+14155238886`)).toBeUndefined();
    // The form came back with a fresh state; the first one was spent.
    const again = /name="state" value="([^"]+)"/.exec(wrongHtml)![1]!;
    expect(again).not.toBe(state);
    expect((await post({ state, accountSid: TWILIO_SID, authToken: TWILIO_TOKEN, sender: '+14155238886' })).status).toBe(400);

    h.sim.oauth.setTwilioSenderWebhook(TWILIO_SID, 'https://old.example/hook');
    const ok = await post({ state: again, accountSid: TWILIO_SID, authToken: TWILIO_TOKEN, sender: '+14155238886', displayName: 'WhatsApp via Twilio' });
    expect(ok.status).toBe(303);
    expect(locationOf(ok)).toBe('/settings/channels?connected=twilio');
    const channel = await channelOf('twilio', `${TWILIO_SID}:whatsapp:+14155238886`);
    expectSealed(channel, TWILIO_TOKEN);
    expect(channel?.subscription_state).toBe('subscribed');
    expect(h.sim.oauth.twilioSenderWebhook(TWILIO_SID)).toEqual({ callback_url: `${h.base}/api/v1/webhooks/twilio`, status_callback_url: `${h.base}/api/v1/webhooks/twilio` });
    expect(h.sim.recorded.list({ platform: 'twilio' }).some((c) => c.path === `/twilio/2010-04-01/Accounts/${TWILIO_SID}.json`)).toBe(true);
  });
});

describe('the state parameter', () => {
  /** Start a flow and stop at the callback URL the platform would send the browser to. */
  async function callbackFor(platform: string, token: string, target?: string): Promise<string> {
    const start = await fetch(`${h.base}/api/v1/platforms/connect/${platform}`, { redirect: 'manual', headers: cookieOf(token) });
    const consentUrl = locationOf(start);
    const html = await (await fetch(consentUrl)).text();
    const hrefs = [...html.matchAll(/<a class="allow" href="([^"]+)" data-testid="allow"(?: data-target="([^"]+)")?>/g)];
    const href = (target ? hrefs.find((m) => m[2] === target) : hrefs[0])![1]!.replace(/&amp;/g, '&');
    return locationOf(await fetch(new URL(href, consentUrl), { redirect: 'manual' }));
  }
  const refusedWith = async (res: Response, text: RegExp) => {
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(text);
    expect(html).toContain('Nothing was connected.');
  };

  it('refuses a forged, a stale, a replayed or another session’s state with a page, and creates nothing', async () => {
    const { organizationId, token } = await h.t.newOrganization('Careful');
    const count = await channelCount();

    // forged: a state snorq never signed
    const genuine = new URL(await callbackFor('tiktok', token, TIKTOK_BUSINESS));
    const forged = new URL(genuine);
    const [payload, mac] = genuine.searchParams.get('state')!.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    forged.searchParams.set('state', `${Buffer.from(JSON.stringify({ ...claims, o: org.organizationId })).toString('base64url')}.${mac}`);
    await refusedWith(await fetch(forged, { headers: cookieOf(token) }), /does not verify/);

    // another session of the same admin (and no session at all)
    const login = await h.t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: (await h.t.ctx.db.selectFrom('users').select('email').where('organization_id', '=', organizationId).executeTakeFirstOrThrow()).email, password: 'correct horse battery' },
    });
    await refusedWith(await fetch(genuine, { headers: cookieOf(login.json().token) }), /another sign-in session/);
    await refusedWith(await fetch(genuine), /another sign-in session/);

    expect(await channelCount()).toBe(count);

    // the right session completes it once (connected, or refused as another organisation's
    // account when the TikTok test ran first); the same link again is a replay
    const first = await fetch(genuine, { redirect: 'manual', headers: cookieOf(token) });
    expect(first.status).toBe(303);
    expect(locationOf(first)).toMatch(/^\/settings\/channels\?(connected=tiktok|error=)/);
    const after = await channelCount();
    await refusedWith(await fetch(genuine, { headers: cookieOf(token) }), /already been used/);

    // stale: signed with snorq's key, expired eleven minutes ago
    const signer = createOAuthStateSigner(Buffer.from(h.t.config.SNORQ_SECRET_KEY!, 'base64'));
    const principal = await h.t.ctx.db.selectFrom('auth_tokens').select('id').where('organization_id', '=', organizationId).orderBy('id', 'asc').executeTakeFirstOrThrow();
    const stale = new URL(`${h.base}/api/v1/platforms/callback/messenger`);
    stale.searchParams.set('code', 'AQanything');
    stale.searchParams.set('state', signer.issue({ platform: 'messenger', organizationId, tokenId: principal.id }, Date.now() - 21 * 60_000));
    await refusedWith(await fetch(stale, { headers: cookieOf(token) }), /expired/);

    // a state for one platform at another's callback
    const crossed = new URL(genuine);
    crossed.pathname = '/api/v1/platforms/callback/messenger';
    await refusedWith(await fetch(crossed, { headers: cookieOf(token) }), /different platform/);

    expect(await channelCount()).toBe(after);
  });

  it('sends a cancelled consent back to Settings with the platform’s reason, and refuses non-admins', async () => {
    const start = await fetch(`${h.base}/api/v1/platforms/connect/facebook`, { redirect: 'manual', headers: cookieOf(org.token) });
    const consentUrl = locationOf(start);
    expect(consentUrl).toContain('client_id=1517776481860111');
    expect(consentUrl).toContain(`redirect_uri=${encodeURIComponent(`${h.base}/api/v1/platforms/callback/messenger`)}`);
    expect(new URL(consentUrl).searchParams.get('scope')).toBe('pages_messaging,pages_manage_metadata,pages_show_list,pages_read_engagement,business_management');
    const html = await (await fetch(consentUrl)).text();
    const cancel = new URL(/href="([^"]+)" data-testid="cancel"/.exec(html)![1]!.replace(/&amp;/g, '&'), consentUrl);
    const back = await fetch(locationOf(await fetch(cancel, { redirect: 'manual' })), { redirect: 'manual', headers: cookieOf(org.token) });
    expect(back.status).toBe(303);
    expect(new URL(locationOf(back), h.base).searchParams.get('error')).toContain('Permissions error');

    const agent = await createUser(h.t.ctx.db, { organizationId: org.organizationId, email: 'agent-oauth@example.test', name: 'Agent', role: 'agent', password: 'correct horse battery' });
    expect(agent.id).toBeGreaterThan(0);
    const login = await h.t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'agent-oauth@example.test', password: 'correct horse battery' } });
    const refused = await fetch(`${h.base}/api/v1/platforms/connect/messenger`, { redirect: 'manual', headers: cookieOf(login.json().token) });
    expect(refused.status).toBe(403);
    expect((await fetch(`${h.base}/api/v1/platforms/connect/messenger`, { redirect: 'manual' })).status).toBe(401);
  });
});
