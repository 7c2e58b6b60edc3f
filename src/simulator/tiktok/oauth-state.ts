import type { SimContext } from '../context.ts';

/** A TikTok refresh token's grant: which business, until when (it rotates on use, FACTS 6.6). */
export interface RefreshGrant {
  accountId: string;
  expiresAt: number;
}

/** What the simulated TikTok remembers of authorisation beyond the shared store (`ctx.oauth`). */
export interface TikTokOAuthState {
  /** Refresh token → its grant. */
  refreshTokens: Map<string, RefreshGrant>;
  /** The one app-level DIRECT_MESSAGE callback (FACTS 6.1); undefined = the default (snorq's). */
  callback: string | null | undefined;
}

const states = new WeakMap<SimContext, TikTokOAuthState>();

export function tiktokOAuthState(ctx: SimContext): TikTokOAuthState {
  let state = states.get(ctx);
  if (!state) states.set(ctx, (state = { refreshTokens: new Map(), callback: undefined }));
  return state;
}

/** `oauth.clear()` / `reset()`: forget it all. */
export function clearTikTokOAuth(ctx: SimContext): void {
  states.delete(ctx);
}
