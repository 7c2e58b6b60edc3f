import { metaHandshake } from '../meta/handshake.ts';
import { verifyMetaSignature } from '../meta/signature.ts';
import type { WebhookAdapter } from '../types.ts';
import { normalizeMessenger } from './normalize.ts';

/** Inbound Messenger: hub.challenge handshake, X-Hub-Signature-256 with the app secret (FACTS 1.1, 1.2). */
export const messengerWebhook: WebhookAdapter = {
  platform: 'messenger',
  signedWith: 'app',
  handshake: metaHandshake,
  verify: (req, secret) => verifyMetaSignature(req, secret),
  normalize: (rawBody) => normalizeMessenger(rawBody),
};
