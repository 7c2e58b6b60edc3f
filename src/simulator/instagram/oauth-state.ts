import type { SimContext } from '../context.ts';
import { clearMetaOAuth } from '../meta/oauth-controls.ts';

/** When each Instagram token the simulator issued was issued: it may be refreshed once 24 h old (FACTS 3.6). */
const states = new WeakMap<SimContext, Map<string, number>>();

export function tokenIssuedAt(ctx: SimContext): Map<string, number> {
  let state = states.get(ctx);
  if (!state) states.set(ctx, (state = new Map()));
  return state;
}

/** `oauth.clear()` / `reset()`: Meta's memory and the tokens' ages. */
export function clearInstagramOAuth(ctx: SimContext): void {
  clearMetaOAuth(ctx);
  states.delete(ctx);
}
