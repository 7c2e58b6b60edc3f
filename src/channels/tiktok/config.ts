import { baseUrl, optionalString } from '../../config/env-values.ts';
import type { ChannelConfig } from '../channel-definition.ts';

const env = {
  TIKTOK_CLIENT_KEY: optionalString,
  TIKTOK_CLIENT_SECRET: optionalString,
  TIKTOK_WEBHOOK_SECRET: optionalString,
  TIKTOK_BUSINESS_ID: optionalString,
  TIKTOK_ACCESS_TOKEN: optionalString,
  TIKTOK_API_URL: baseUrl('https://business-api.tiktok.com'),
  TIKTOK_AUTH_URL: baseUrl('https://business-api.tiktok.com'),
};

/** TikTok's variables (DESIGN.md): the app (client key and secret), optionally one business from the environment, the hosts. */
export const tiktokConfig = {
  env,
  secrets: ['TIKTOK_CLIENT_SECRET', 'TIKTOK_WEBHOOK_SECRET', 'TIKTOK_ACCESS_TOKEN'],
  prefixes: ['TIKTOK_'],
  envChannel: {
    keys: ['TIKTOK_BUSINESS_ID', 'TIKTOK_ACCESS_TOKEN'],
    signing: ['TIKTOK_WEBHOOK_SECRET', 'TIKTOK_CLIENT_SECRET'],
    spec: (e) =>
      e.TIKTOK_BUSINESS_ID && e.TIKTOK_ACCESS_TOKEN
        ? { externalAccountId: e.TIKTOK_BUSINESS_ID, displayName: `TikTok ${e.TIKTOK_BUSINESS_ID}`, credentials: { platform: 'tiktok', accessToken: e.TIKTOK_ACCESS_TOKEN } }
        : null,
  },
  urls: (e) => ({ tiktok: e.TIKTOK_API_URL }),
} satisfies ChannelConfig<typeof env>;
