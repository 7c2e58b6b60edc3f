import type { FastifyInstance } from 'fastify';
import type { SimContext } from '../context.ts';
import type { PlatformOAuthControls } from '../platforms.ts';
import type { SimulatedPlatform } from '../simulated-platform.ts';
import type { SimPlatform, Simulator } from '../types.ts';

/**
 * Consent pages, token endpoints and webhook subscriptions of every platform (each platform's
 * `registerOAuth`; README.md beside the simulator, "OAuth"), and the controls tests use to make a
 * platform forget things the way it does live (each platform's `oauthControls`). What they
 * remember is `ctx.oauth` (store.ts).
 */

export type SimOAuth = PlatformOAuthControls & {
  /** The access token an account has now (OAuth flows and refreshes replace it). */
  accessToken(platform: SimPlatform, accountId: string): string | undefined;
  clear(): void;
};

export type SimulatorWithOAuth = Simulator & { oauth: SimOAuth };

export function registerOAuthRoutes(app: FastifyInstance, ctx: SimContext, platforms: readonly SimulatedPlatform[]): SimOAuth {
  for (const platform of platforms) platform.registerOAuth?.(app, ctx);
  const controls: object[] = platforms.map((p) => p.oauthControls?.(ctx) ?? {});
  return Object.assign({}, ...controls, {
    accessToken: (platform: SimPlatform, accountId: string) => ctx.accounts.find(platform, accountId)?.accessToken,
    clear: () => {
      ctx.oauth.clear();
      for (const platform of platforms) platform.clearOAuth?.(ctx);
    },
  }) as SimOAuth;
}
