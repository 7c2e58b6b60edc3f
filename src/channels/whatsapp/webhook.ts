import type { ChannelWebhook } from '../channel-definition.ts';
import { configuredSecrets } from '../configured-secrets.ts';
import { metaHandshake } from '../meta/handshake.ts';
import { metaWebhookBasics } from '../meta/webhook-receiving.ts';
import { normalizeWhatsApp } from './normalize.ts';

/**
 * Inbound WhatsApp Cloud API: the same handshake and X-Hub-Signature-256 as every Meta product,
 * keyed with the secret of the app owning the subscription (FACTS 4.1): the WhatsApp app's when
 * it is a separate one, else the Facebook app's; both are tried. Unlike Chatwoot, the signature
 * is always checked (pitfall 3).
 */
export const whatsappWebhook: ChannelWebhook = {
  receives: { reactions: true, edits: true },
  ...metaWebhookBasics,
  paths: ['whatsapp'],
  handshake: { verifyTokens: (config) => configuredSecrets(config.WHATSAPP_VERIFY_TOKEN, config.FACEBOOK_VERIFY_TOKEN), challenge: metaHandshake },
  normalize: (rawBody) => normalizeWhatsApp(rawBody),
  signedWith: 'app',
  secrets: (config) => configuredSecrets(config.WHATSAPP_APP_SECRET, config.FACEBOOK_APP_SECRET),
};
