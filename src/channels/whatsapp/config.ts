import { optionalString } from '../../config/env-values.ts';
import type { ChannelConfig } from '../channel-definition.ts';
import { META_SECRETS, metaEnv, metaGraphUrls } from '../meta/config.ts';
import { graphAppSecrets } from '../meta/graph-app-secrets.ts';

const env = {
  ...metaEnv,
  WHATSAPP_APP_ID: optionalString,
  WHATSAPP_APP_SECRET: optionalString,
  /** Embedded Signup's Facebook Login for Business configuration (FACTS 4.6); without it the dialog asks for scopes. */
  WHATSAPP_CONFIG_ID: optionalString,
  WHATSAPP_VERIFY_TOKEN: optionalString,
  WHATSAPP_PHONE_NUMBER_ID: optionalString,
  WHATSAPP_ACCESS_TOKEN: optionalString,
};

/** WhatsApp Cloud's variables (DESIGN.md): its app (or the Facebook app), Embedded Signup, and optionally one number from the environment. */
export const whatsappConfig = {
  env,
  secrets: [...META_SECRETS, 'WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN', 'WHATSAPP_ACCESS_TOKEN'],
  prefixes: ['WHATSAPP_'],
  envChannel: {
    keys: ['WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_ACCESS_TOKEN'],
    signing: ['WHATSAPP_APP_SECRET', 'FACEBOOK_APP_SECRET'],
    spec: (e) =>
      e.WHATSAPP_PHONE_NUMBER_ID && e.WHATSAPP_ACCESS_TOKEN
        ? { externalAccountId: e.WHATSAPP_PHONE_NUMBER_ID, displayName: `WhatsApp ${e.WHATSAPP_PHONE_NUMBER_ID}`, credentials: { platform: 'whatsapp', accessToken: e.WHATSAPP_ACCESS_TOKEN } }
        : null,
  },
  urls: metaGraphUrls,
  appSecrets: graphAppSecrets,
} satisfies ChannelConfig<typeof env>;
