import { metaHandshake } from '../meta/handshake.ts';
import { verifyMetaSignature } from '../meta/signature.ts';
import type { WebhookAdapter } from '../types.ts';
import { normalizeInstagram } from './normalize.ts';

/** Inbound Instagram Direct: same handshake and signature as every Meta product (FACTS 1.1, 1.2). */
export const instagramWebhook: WebhookAdapter = {
  platform: 'instagram',
  signedWith: 'app',
  handshake: metaHandshake,
  verify: (req, secret) => verifyMetaSignature(req, secret),
  normalize: (rawBody) => normalizeInstagram(rawBody),
};
