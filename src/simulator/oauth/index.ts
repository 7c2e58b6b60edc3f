import type { FastifyInstance } from 'fastify';
import type { SimContext } from '../context.ts';
import type { SimulatedPlatform } from '../simulated-platform.ts';
import { senderWebhookOf, setSenderWebhookOf } from '../twilio/senders.ts';
import type { MetaApp, Simulator } from '../types.ts';

/**
 * Consent pages, token endpoints and webhook subscriptions of every platform (each platform's
 * `registerOAuth`; README.md beside the simulator, "OAuth"), and the controls tests use to make a
 * platform forget things the way it does live. What they remember is `ctx.oauth` (store.ts).
 */

export interface SimOAuth {
  /** Meta silently unsubscribes the app from a Page, WABA or Instagram account (FACTS pitfall 8). */
  dropSubscription(nodeId: string): void;
  /** The fields the app is subscribed with on a node; null when unsubscribed; undefined when untouched (the dashboard's default: subscribed). */
  subscription(nodeId: string): string[] | null | undefined;
  /** TikTok's app-level DIRECT_MESSAGE callback URL (FACTS 6.1); null when none. */
  tiktokCallback(): string | null;
  setTikTokCallback(url: string | null): void;
  /** The Twilio sender's webhook of an account (by AccountSid). */
  twilioSenderWebhook(accountSid: string): { callback_url: string | null; status_callback_url: string | null } | undefined;
  setTwilioSenderWebhook(accountSid: string, url: string | null): void;
  /** Every TikTok refresh token of a business stops working (revoked, or spent elsewhere). */
  revokeRefreshTokens(businessId: string): void;
  /** Pretend an Instagram token was issued `ms` earlier (it may be refreshed once 24 h old). */
  ageToken(token: string, ms: number): void;
  /**
   * The app's "Require App Secret" setting (App Dashboard → Settings → Advanced): while on, Graph
   * calls with a user, Page or system-user token and no `appsecret_proof` fail with code 100.
   */
  requireAppSecret(app: MetaApp, on?: boolean): void;
  /** The access token an account has now (OAuth flows and refreshes replace it). */
  accessToken(platform: 'messenger' | 'instagram' | 'whatsapp' | 'twilio' | 'tiktok', accountId: string): string | undefined;
  clear(): void;
}

export type SimulatorWithOAuth = Simulator & {
  oauth: SimOAuth;
  baseUrls: Simulator['baseUrls'] & { instagramOauth: string; instagramApi: string };
};

export function registerOAuthRoutes(app: FastifyInstance, ctx: SimContext, platforms: readonly SimulatedPlatform[]): SimOAuth {
  const store = ctx.oauth;
  for (const platform of platforms) platform.registerOAuth?.(app, ctx);
  const igKey = (id: string) => (ctx.accounts.find('instagram', id) && !ctx.accounts.find('messenger', id) && !ctx.accounts.byWaba(id).length ? `ig:${id}` : id);
  return {
    dropSubscription: (nodeId) => void store.subscriptions.set(igKey(nodeId), null),
    subscription: (nodeId) => store.subscriptions.get(igKey(nodeId)),
    tiktokCallback: () => (store.tiktokCallback === undefined ? `${ctx.options.publicWebhookBaseUrl}/api/v1/webhooks/tiktok` : store.tiktokCallback),
    setTikTokCallback: (url) => void (store.tiktokCallback = url),
    twilioSenderWebhook: (sid) => senderWebhookOf(ctx, store, sid),
    setTwilioSenderWebhook: (sid, url) => setSenderWebhookOf(ctx, store, sid, url),
    revokeRefreshTokens: (businessId) => {
      for (const [token, grant] of store.refreshTokens) if (grant.accountId === businessId) store.refreshTokens.delete(token);
    },
    ageToken: (token, ms) => {
      const issued = store.issuedAt.get(token);
      if (issued !== undefined) store.issuedAt.set(token, issued - ms);
    },
    accessToken: (platform, accountId) => ctx.accounts.find(platform, accountId)?.accessToken,
    requireAppSecret: (app, on = true) => void (on ? ctx.requireAppSecret.add(app) : ctx.requireAppSecret.delete(app)),
    clear: () => {
      store.clear();
      ctx.requireAppSecret.clear();
    },
  };
}
