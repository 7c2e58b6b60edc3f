import type { ChannelWebhook } from '../channel-definition.ts';
import { configuredSecrets } from '../configured-secrets.ts';
import { metaHandshake } from '../meta/handshake.ts';
import { metaWebhookBasics } from '../meta/webhook-receiving.ts';
import { normalizeMessenger } from './normalize.ts';

/** Inbound Messenger: hub.challenge handshake, X-Hub-Signature-256 with the Facebook app's secret (FACTS 1.1, 1.2). */
export const messengerWebhook: ChannelWebhook = {
  receives: { reactions: true, edits: true },
  ...metaWebhookBasics,
  paths: ['facebook', 'messenger'],
  handshake: { verifyTokens: (config) => configuredSecrets(config.FACEBOOK_VERIFY_TOKEN), challenge: metaHandshake },
  normalize: (rawBody) => normalizeMessenger(rawBody),
  signedWith: 'app',
  secrets: (config) => configuredSecrets(config.FACEBOOK_APP_SECRET),
};
