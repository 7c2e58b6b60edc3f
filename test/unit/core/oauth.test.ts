import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.ts';
import { channelHealth } from '../../../src/core/channel-accounts/channel-health.ts';
import { authorizeUrl } from '../../../src/core/connections/authorize-url.ts';
import { createOAuthStateSigner, OAUTH_STATE_TTL_SECONDS } from '../../../src/core/connections/oauth-state.ts';
import { refreshPolicy } from '../../../src/core/connections/refresh-channel-token.ts';
import { escapeHtml } from '../../../src/server/routes/oauth-pages.ts';

const key = randomBytes(32);
const flow = { platform: 'tiktok', organizationId: 3, tokenId: 17 };

describe('OAuth state', () => {
  it('verifies what it signed, with its claims, until it expires', () => {
    const signer = createOAuthStateSigner(key);
    const now = Date.now();
    const state = signer.issue({ ...flow, via: 'instagram' }, now);
    expect(state).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    const verdict = signer.verify(state, now + 1000);
    expect(verdict).toMatchObject({ ok: true, claims: { p: 'tiktok', v: 'instagram', o: 3, s: 17 } });
    expect(signer.verify(state, now + (OAUTH_STATE_TTL_SECONDS + 1) * 1000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('gives every state its own nonce', () => {
    const signer = createOAuthStateSigner(key);
    const nonces = new Set(
      Array.from({ length: 50 }, () => {
        const v = signer.verify(signer.issue(flow));
        return v.ok ? v.claims.n : '';
      }),
    );
    expect(nonces.size).toBe(50);
  });

  it('refuses a changed payload, another key’s state and junk', () => {
    const signer = createOAuthStateSigner(key);
    const [payload, mac] = signer.issue(flow).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const changed = `${Buffer.from(JSON.stringify({ ...claims, o: 4 })).toString('base64url')}.${mac}`;
    expect(signer.verify(changed)).toEqual({ ok: false, reason: 'forged' });
    expect(createOAuthStateSigner(randomBytes(32)).verify(signer.issue(flow))).toEqual({ ok: false, reason: 'forged' });
    for (const junk of [undefined, '', 'abc', `${payload}.`, `${payload}.${'A'.repeat(44)}`, 'x'.repeat(500), 42]) {
      expect(signer.verify(junk).ok).toBe(false);
    }
  });
});

describe('token refresh policy', () => {
  const now = new Date('2026-11-21T12:00:00Z');
  const hours = (h: number) => new Date(now.getTime() + h * 3_600_000);
  const base = { updated_at: hours(-100), token_refreshed_at: hours(-100) };

  it('renews TikTok tokens within two hours of expiry, or when the expiry is unknown', () => {
    const creds = { platform: 'tiktok' as const, accessToken: 'act.x', refreshToken: 'rft.y' };
    expect(refreshPolicy({ ...base, platform: 'tiktok', token_expires_at: hours(3) }, creds, now)).toEqual({ refreshable: true, due: false });
    expect(refreshPolicy({ ...base, platform: 'tiktok', token_expires_at: hours(1) }, creds, now)).toEqual({ refreshable: true, due: true });
    expect(refreshPolicy({ ...base, platform: 'tiktok', token_expires_at: hours(-5) }, creds, now)).toEqual({ refreshable: true, due: true });
    expect(refreshPolicy({ ...base, platform: 'tiktok', token_expires_at: null }, creds, now)).toEqual({ refreshable: true, due: true });
    expect(refreshPolicy({ ...base, platform: 'tiktok', token_expires_at: hours(1) }, { platform: 'tiktok', accessToken: 'act.x' }, now)).toEqual({ refreshable: false });
  });

  it('renews Instagram Login tokens in their last ten days, never younger than a day nor once expired', () => {
    const creds = { platform: 'instagram' as const, accessToken: 'IG', loginType: 'instagram' as const };
    expect(refreshPolicy({ ...base, platform: 'instagram', token_expires_at: hours(24 * 11) }, creds, now)).toEqual({ refreshable: true, due: false });
    expect(refreshPolicy({ ...base, platform: 'instagram', token_expires_at: hours(24 * 9) }, creds, now)).toEqual({ refreshable: true, due: true });
    expect(refreshPolicy({ ...base, token_refreshed_at: hours(-2), platform: 'instagram', token_expires_at: hours(24 * 9) }, creds, now)).toEqual({ refreshable: true, due: false });
    expect(refreshPolicy({ ...base, platform: 'instagram', token_expires_at: hours(-1) }, creds, now)).toEqual({ refreshable: true, due: false });
    // Through a Page: Page tokens do not expire (FACTS 2.6).
    expect(refreshPolicy({ ...base, platform: 'instagram', token_expires_at: null }, { ...creds, loginType: 'facebook' }, now)).toEqual({ refreshable: false });
    expect(refreshPolicy({ ...base, platform: 'messenger', token_expires_at: null }, { platform: 'messenger', pageAccessToken: 'EAA' }, now)).toEqual({ refreshable: false });
  });
});

describe('consent URLs', () => {
  const config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL: 'https://inbox.example.com',
    FACEBOOK_APP_ID: '123',
    FACEBOOK_APP_SECRET: 's',
    WHATSAPP_CONFIG_ID: '777',
    INSTAGRAM_APP_ID: '456',
    INSTAGRAM_APP_SECRET: 't',
    TIKTOK_CLIENT_KEY: 'ck',
    TIKTOK_CLIENT_SECRET: 'cs',
  });
  const q = (url: string | null) => Object.fromEntries(new URL(url!).searchParams);

  it('points each platform at its own consent page with its client id, scopes and snorq’s callback', () => {
    const fb = authorizeUrl(config, 'messenger', 'S', 'facebook')!;
    expect(fb.startsWith('https://www.facebook.com/v25.0/dialog/oauth?')).toBe(true);
    expect(q(fb)).toMatchObject({ client_id: '123', state: 'S', response_type: 'code', redirect_uri: 'https://inbox.example.com/api/v1/platforms/callback/messenger' });
    expect(q(authorizeUrl(config, 'whatsapp', 'S'))).toMatchObject({ client_id: '123', config_id: '777', override_default_response_type: 'true' });
    const ig = authorizeUrl(config, 'instagram', 'S', 'instagram')!;
    expect(ig.startsWith('https://www.instagram.com/oauth/authorize?')).toBe(true);
    expect(q(ig)).toMatchObject({ client_id: '456', scope: 'instagram_business_basic,instagram_business_manage_messages' });
    expect(q(authorizeUrl(config, 'instagram', 'S', 'facebook')).scope).toContain('instagram_manage_messages');
    const tt = authorizeUrl(config, 'tiktok', 'S')!;
    expect(tt.startsWith('https://business-api.tiktok.com/portal/auth?')).toBe(true);
    expect(q(tt)).toMatchObject({ app_id: 'ck', redirect_uri: 'https://inbox.example.com/api/v1/platforms/callback/tiktok' });
    expect(authorizeUrl(config, 'twilio', 'S')).toBeNull();
  });
});

describe('health and HTML', () => {
  it('warns about a lost webhook subscription on a connected channel only', () => {
    const channel = {
      connection_state: 'connected' as const,
      token_expires_at: null,
      last_webhook_at: new Date(),
      last_error: null,
      created_at: new Date(),
      subscription_state: 'missing' as const,
      subscription_detail: 'gone',
    };
    const activity = { inboundLastWeek: 0, sentLastDay: 0, failedLastDay: 0 };
    expect(channelHealth(channel, activity, new Date())).toEqual({
      status: 'warning',
      warnings: ['Webhook subscription missing: gone'],
      warningTexts: [{ code: 'health.subscriptionMissingBecause', params: { detail: 'gone' } }],
    });
    expect(channelHealth({ ...channel, subscription_state: 'unknown' }, activity, new Date()).status).toBe('ok');
  });

  it('escapes text and attribute values', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
