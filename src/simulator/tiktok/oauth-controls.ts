import type { SimContext } from '../context.ts';
import { tiktokOAuthState } from './oauth-state.ts';

/** The controls tests use on the simulated TikTok (`Simulator.oauth`). */
export interface TikTokOAuthControls {
  /** TikTok's app-level DIRECT_MESSAGE callback URL (FACTS 6.1); null when none. */
  tiktokCallback(): string | null;
  setTikTokCallback(url: string | null): void;
  /** Every TikTok refresh token of a business stops working (revoked, or spent elsewhere). */
  revokeRefreshTokens(businessId: string): void;
}

export function tiktokOAuthControls(ctx: SimContext): TikTokOAuthControls {
  const state = tiktokOAuthState(ctx);
  return {
    tiktokCallback: () => (state.callback === undefined ? `${ctx.options.publicWebhookBaseUrl}${ctx.platform('tiktok').webhookPath}` : state.callback),
    setTikTokCallback: (url) => void (tiktokOAuthState(ctx).callback = url),
    revokeRefreshTokens: (businessId) => {
      const { refreshTokens } = tiktokOAuthState(ctx);
      for (const [token, grant] of refreshTokens) if (grant.accountId === businessId) refreshTokens.delete(token);
    },
  };
}
