import type { ChannelWebhook } from '../channel-definition.ts';
import { configuredSecrets } from '../configured-secrets.ts';
import { metaHandshake } from '../meta/handshake.ts';
import { metaWebhookBasics } from '../meta/webhook-receiving.ts';
import { normalizeInstagram } from './normalize.ts';

/**
 * Inbound Instagram Direct: same handshake and signature as every Meta product (FACTS 1.1, 1.2).
 * Two apps deliver to the one URL: an account connected with Instagram Login is the Instagram
 * app's (its own secret and verify token), one connected through a Facebook Page is the Facebook
 * app's. Both apps' keys are tried (the body says which account it is for only once trusted).
 */
export const instagramWebhook: ChannelWebhook = {
  receives: { reactions: true, edits: true },
  ...metaWebhookBasics,
  paths: ['instagram'],
  handshake: { verifyTokens: (config) => configuredSecrets(config.INSTAGRAM_VERIFY_TOKEN, config.FACEBOOK_VERIFY_TOKEN), challenge: metaHandshake },
  normalize: (rawBody) => normalizeInstagram(rawBody),
  signedWith: 'app',
  secrets: (config) => configuredSecrets(config.INSTAGRAM_APP_SECRET, config.FACEBOOK_APP_SECRET),
};
