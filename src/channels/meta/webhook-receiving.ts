import type { WebhookReceiving } from '../channel-definition.ts';
import { verifyMetaSignature } from './signature.ts';

/**
 * What every Meta product's webhook shares (FACTS 1.1, 1.2): X-Hub-Signature-256 over the raw
 * body with the app secret, the `hub.challenge` handshake, any 200 as the acknowledgement. Each
 * product adds its paths, its normaliser, its verify tokens and the apps whose secrets apply.
 */
export const metaWebhookBasics = {
  signatureHeader: 'x-hub-signature-256',
  verify: (req, secret) => verifyMetaSignature(req, secret),
  acknowledgement: { contentType: 'text/plain', body: 'EVENT_RECEIVED' },
} as const satisfies Pick<WebhookReceiving, 'signatureHeader' | 'verify' | 'acknowledgement'>;
