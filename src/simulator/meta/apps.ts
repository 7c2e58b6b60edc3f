import type { SimContext } from '../context.ts';
import type { SimAccount, SimPlatform } from '../types.ts';

/** The Meta apps a snorq deployment may have: each has its own secret and its own settings. */
export const META_APPS = ['facebook', 'instagram', 'whatsapp'] as const;
export type MetaApp = (typeof META_APPS)[number];

/**
 * The Meta app an account belongs to (FACTS 3: an Instagram account is the Instagram app's when
 * connected with Instagram Login, the Facebook app's when reached through its Page): whose secret
 * signs its webhooks and checks its `appsecret_proof`. Non-Meta accounts have none.
 */
export function metaAppOf(account: SimAccount): MetaApp | undefined {
  switch (account.platform) {
    case 'messenger':
      return 'facebook';
    case 'whatsapp':
      return 'whatsapp';
    case 'instagram':
      return account.loginApp ?? (account.pageId ? 'facebook' : 'instagram');
    default:
      return undefined;
  }
}

/** The platform whose secret (SimulatorOptions.secrets) is a Meta app's secret. */
const SECRET_OF_APP = { facebook: 'messenger', instagram: 'instagram', whatsapp: 'whatsapp' } as const satisfies Record<MetaApp, SimPlatform>;

export const metaAppSecret = (ctx: SimContext, app: MetaApp): string => ctx.secret(SECRET_OF_APP[app]);

declare module '../types.ts' {
  interface SimAccount {
    /**
     * Instagram only: the Meta app the account is connected to, whose secret signs its webhooks
     * (and checks its `appsecret_proof`): `instagram` (Instagram Login) or `facebook` (through its
     * Page). Default: `facebook` when `pageId` is set, else `instagram`.
     */
    loginApp?: 'instagram' | 'facebook';
  }
}
