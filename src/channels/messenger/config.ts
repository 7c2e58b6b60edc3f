import { optionalString } from '../../config/env-values.ts';
import type { ChannelConfig } from '../channel-definition.ts';
import { META_SECRETS, metaEnv, metaGraphUrls } from '../meta/config.ts';
import { graphAppSecrets } from '../meta/graph-app-secrets.ts';

const env = {
  ...metaEnv,
  FACEBOOK_VERIFY_TOKEN: optionalString,
  FACEBOOK_PAGE_ID: optionalString,
  FACEBOOK_PAGE_ACCESS_TOKEN: optionalString,
};

/** Messenger's variables (DESIGN.md): the Facebook app, and optionally one Page provisioned from the environment. */
export const messengerConfig = {
  env,
  secrets: [...META_SECRETS, 'FACEBOOK_VERIFY_TOKEN', 'FACEBOOK_PAGE_ACCESS_TOKEN'],
  prefixes: ['FACEBOOK_', 'META_'],
  envChannel: {
    keys: ['FACEBOOK_PAGE_ID', 'FACEBOOK_PAGE_ACCESS_TOKEN'],
    signing: ['FACEBOOK_APP_SECRET'],
    spec: (e) =>
      e.FACEBOOK_PAGE_ID && e.FACEBOOK_PAGE_ACCESS_TOKEN
        ? { externalAccountId: e.FACEBOOK_PAGE_ID, displayName: `Messenger page ${e.FACEBOOK_PAGE_ID}`, credentials: { platform: 'messenger', pageAccessToken: e.FACEBOOK_PAGE_ACCESS_TOKEN } }
        : null,
  },
  urls: metaGraphUrls,
  appSecrets: graphAppSecrets,
} satisfies ChannelConfig<typeof env>;
