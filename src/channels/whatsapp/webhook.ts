import { metaHandshake } from '../meta/handshake.ts';
import { verifyMetaSignature } from '../meta/signature.ts';
import type { WebhookAdapter } from '../types.ts';
import { normalizeWhatsApp } from './normalize.ts';

/**
 * Inbound WhatsApp Cloud API: the same handshake and X-Hub-Signature-256 as every Meta product,
 * keyed with the secret of the app owning the subscription (FACTS 4.1). Unlike Chatwoot, the
 * signature is always checked (pitfall 3).
 */
export const whatsappWebhook: WebhookAdapter = {
  platform: 'whatsapp',
  signedWith: 'app',
  handshake: metaHandshake,
  verify: (req, secret) => verifyMetaSignature(req, secret),
  normalize: (rawBody) => normalizeWhatsApp(rawBody),
};
