import type { SimContext } from '../context.ts';

/** The controls tests use on the simulated TikTok (`Simulator.oauth`). */
export interface TikTokOAuthControls {
  /** TikTok's app-level DIRECT_MESSAGE callback URL (FACTS 6.1); null when none. */
  tiktokCallback(): string | null;
  setTikTokCallback(url: string | null): void;
  /** Every TikTok refresh token of a business stops working (revoked, or spent elsewhere). */
  revokeRefreshTokens(businessId: string): void;
}

export function tiktokOAuthControls(ctx: SimContext): TikTokOAuthControls {
  const store = ctx.oauth;
  return {
    tiktokCallback: () => (store.tiktokCallback === undefined ? `${ctx.options.publicWebhookBaseUrl}${ctx.platform('tiktok').webhookPath}` : store.tiktokCallback),
    setTikTokCallback: (url) => void (store.tiktokCallback = url),
    revokeRefreshTokens: (businessId) => {
      for (const [token, grant] of store.refreshTokens) if (grant.accountId === businessId) store.refreshTokens.delete(token);
    },
  };
}
