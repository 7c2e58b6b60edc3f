import { baseUrl, optionalString } from '../../config/env-values.ts';
import type { ChannelConfig } from '../channel-definition.ts';
import { META_SECRETS, metaEnv, metaGraphUrls } from '../meta/config.ts';
import { graphAppSecrets } from '../meta/graph-app-secrets.ts';

const env = {
  ...metaEnv,
  /** Instagram Login's own app id (FACTS 3.6 path B); without it Instagram connects through a Facebook Page (path A). */
  INSTAGRAM_APP_ID: optionalString,
  INSTAGRAM_APP_SECRET: optionalString,
  INSTAGRAM_VERIFY_TOKEN: optionalString,
  INSTAGRAM_ACCOUNT_ID: optionalString,
  INSTAGRAM_ACCESS_TOKEN: optionalString,
  INSTAGRAM_GRAPH_URL: baseUrl('https://graph.instagram.com'),
  /** Instagram Login's consent page and code exchange (FACTS 3.6 path B). */
  INSTAGRAM_OAUTH_URL: baseUrl('https://www.instagram.com'),
  INSTAGRAM_API_URL: baseUrl('https://api.instagram.com'),
};

/** Instagram's variables (DESIGN.md): its own app for Instagram Login, its hosts, and optionally one account from the environment. */
export const instagramConfig = {
  env,
  secrets: [...META_SECRETS, 'INSTAGRAM_APP_SECRET', 'INSTAGRAM_VERIFY_TOKEN', 'INSTAGRAM_ACCESS_TOKEN'],
  prefixes: ['INSTAGRAM_'],
  envChannel: {
    keys: ['INSTAGRAM_ACCOUNT_ID', 'INSTAGRAM_ACCESS_TOKEN'],
    signing: ['INSTAGRAM_APP_SECRET', 'FACEBOOK_APP_SECRET'],
    spec: (e) =>
      e.INSTAGRAM_ACCOUNT_ID && e.INSTAGRAM_ACCESS_TOKEN
        ? {
            externalAccountId: e.INSTAGRAM_ACCOUNT_ID,
            displayName: `Instagram ${e.INSTAGRAM_ACCOUNT_ID}`,
            credentials: { platform: 'instagram', accessToken: e.INSTAGRAM_ACCESS_TOKEN, loginType: 'instagram' },
          }
        : null,
  },
  urls: (e) => ({ ...metaGraphUrls(e), instagramGraph: e.INSTAGRAM_GRAPH_URL, instagramApi: e.INSTAGRAM_API_URL }),
  appSecrets: graphAppSecrets,
} satisfies ChannelConfig<typeof env>;
