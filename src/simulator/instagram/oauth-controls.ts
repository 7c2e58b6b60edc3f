import type { SimContext } from '../context.ts';
import { tokenIssuedAt } from './oauth-state.ts';
import { metaOAuthControls, type MetaOAuthControls } from '../meta/oauth-controls.ts';

/** The controls tests use on the simulated Instagram (`Simulator.oauth`): Meta's, and its tokens' age. */
export interface InstagramOAuthControls extends MetaOAuthControls {
  /** Pretend an Instagram token was issued `ms` earlier (it may be refreshed once 24 h old). */
  ageToken(token: string, ms: number): void;
}

export function instagramOAuthControls(ctx: SimContext): InstagramOAuthControls {
  return {
    ...metaOAuthControls(ctx),
    ageToken: (token, ms) => {
      const issued = tokenIssuedAt(ctx).get(token);
      if (issued !== undefined) tokenIssuedAt(ctx).set(token, issued - ms);
    },
  };
}
