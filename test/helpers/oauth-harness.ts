import { expect } from 'vitest';
import { startSimulator, type SimAccount, type SimulatorWithOAuth } from '../../src/simulator/index.ts';
import { createTestApp, type TestApp } from './test-app.ts';
import { freePort } from '../../src/db/free-port.ts';

/**
 * A snorq listening on a real port against a simulator, with every platform's app configured, for
 * driving the connect flows over HTTP the way a browser does (redirects followed by hand).
 */

export const PAGE_A = '104800000000001';
export const PAGE_B = '104800000000002';
export const IG_VIA_PAGE = '17841400000000001';
export const IG_LOGIN = '17841400000000002';
export const WA_NUMBER = '106500000000001';
export const WABA = '102200000000001';
export const TWILIO_SID = `AC${'ab'.repeat(16)}`;
export const TWILIO_TOKEN = 'twilio-auth-token-0123456789';
export const TIKTOK_BUSINESS = 'tt-business-0001';
export const META_APP_ID = '1517776481860111';
export const INSTAGRAM_APP_ID = '990602627938098';
export const TIKTOK_CLIENT_KEY = 'aw-snorq-client-key';

export const SECRETS = { messenger: 'meta-secret-0123456789', instagram: 'ig-secret-0123456789', whatsapp: 'wa-secret-0123456789', tiktok: 'tt-secret-0123456789' };

export const ACCOUNTS: SimAccount[] = [
  { platform: 'messenger', accountId: PAGE_A, accessToken: 'EAApageA0123456789', displayName: 'Snorq Coffee' },
  // A name that must be escaped wherever snorq renders it.
  { platform: 'messenger', accountId: PAGE_B, accessToken: 'EAApageB0123456789', displayName: 'Tea <b>&</b> "Cakes"' },
  { platform: 'instagram', accountId: IG_VIA_PAGE, accessToken: 'IGQviapage0123456789', username: 'snorq.coffee', pageId: PAGE_A },
  { platform: 'instagram', accountId: IG_LOGIN, accessToken: 'IGQlogin0123456789', username: 'snorq.tea' },
  { platform: 'whatsapp', accountId: WA_NUMBER, accessToken: 'EAAGwaba0123456789', displayName: 'Snorq WhatsApp', wabaId: WABA },
  { platform: 'twilio', accountId: TWILIO_SID, accessToken: TWILIO_TOKEN, displayName: 'Snorq Twilio', sender: 'whatsapp:+14155238886' },
  { platform: 'tiktok', accountId: TIKTOK_BUSINESS, accessToken: 'act.initial0123456789', displayName: 'Snorq TikTok', username: 'snorqcoffee' },
];

export interface OAuthHarness {
  sim: SimulatorWithOAuth;
  t: TestApp;
  /** snorq's URL, which is also its PUBLIC_URL. */
  base: string;
  close(): Promise<void>;
}

export async function startOAuthHarness(env: Record<string, string> = {}): Promise<OAuthHarness> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const sim = await startSimulator({ port: 0, webhookBaseUrl: base, accounts: ACCOUNTS, secrets: SECRETS });
  const t = await createTestApp({
    PUBLIC_URL: base,
    FACEBOOK_APP_ID: META_APP_ID,
    FACEBOOK_APP_SECRET: SECRETS.messenger,
    INSTAGRAM_APP_ID,
    INSTAGRAM_APP_SECRET: SECRETS.instagram,
    WHATSAPP_APP_SECRET: SECRETS.whatsapp,
    TIKTOK_CLIENT_KEY,
    TIKTOK_CLIENT_SECRET: SECRETS.tiktok,
    META_GRAPH_URL: sim.baseUrls.metaGraph,
    META_OAUTH_URL: sim.baseUrls.metaOauth,
    INSTAGRAM_GRAPH_URL: sim.baseUrls.instagramGraph,
    INSTAGRAM_OAUTH_URL: sim.baseUrls.instagramOauth,
    INSTAGRAM_API_URL: sim.baseUrls.instagramApi,
    TWILIO_API_URL: sim.baseUrls.twilio,
    TIKTOK_API_URL: sim.baseUrls.tiktok,
    TIKTOK_AUTH_URL: sim.baseUrls.tiktokAuth,
    ...env,
  });
  await t.app.listen({ port, host: '127.0.0.1' });
  return {
    sim,
    t,
    base,
    close: async () => {
      await t.close();
      await sim.close();
    },
  };
}

export const cookieOf = (token: string): Record<string, string> => ({ cookie: `snorq_session=${token}` });

/** The "Allow" links of a simulated consent page, with the account each grants. */
export function allowLinks(html: string, pageUrl: string): { href: string; target?: string }[] {
  const links: { href: string; target?: string }[] = [];
  for (const m of html.matchAll(/<a class="allow" href="([^"]+)" data-testid="allow"(?: data-target="([^"]+)")?>/g)) {
    links.push({ href: new URL(m[1]!.replace(/&amp;/g, '&'), pageUrl).toString(), ...(m[2] && { target: m[2] }) });
  }
  return links;
}

/**
 * Connect → consent page → Allow (the link for `target`, else the first) → the callback, which is
 * returned unfollowed. `query` is added to the connect URL (e.g. `?via=facebook`).
 */
export async function runConsent(h: OAuthHarness, platform: string, token: string, options: { target?: string; query?: string } = {}): Promise<{ callback: string; response: Response }> {
  const start = await fetch(`${h.base}/api/v1/platforms/connect/${platform}${options.query ?? ''}`, { redirect: 'manual', headers: cookieOf(token) });
  expect(start.status).toBe(302);
  const consentUrl = start.headers.get('location')!;
  const consent = await fetch(consentUrl);
  expect(consent.status).toBe(200);
  const links = allowLinks(await consent.text(), consentUrl);
  const link = options.target ? links.find((l) => l.target === options.target) : links[0];
  if (!link) throw new Error(`no Allow link for ${options.target ?? 'anyone'} on ${consentUrl}`);
  const allowed = await fetch(link.href, { redirect: 'manual' });
  expect(allowed.status).toBe(302);
  const callback = allowed.headers.get('location')!;
  expect(callback.startsWith(`${h.base}/api/v1/platforms/callback/`)).toBe(true);
  const response = await fetch(callback, { redirect: 'manual', headers: cookieOf(token) });
  return { callback, response };
}

/** Where a 30x points, relative to snorq. */
export const locationOf = (res: Response): string => res.headers.get('location') ?? '';
