import { normalizeMessagingBody } from '../meta/messaging-normalize.ts';
import type { NormalizedEvent } from '../types.ts';

/**
 * Messenger webhook body → events (FACTS 2.1). The item schemas and mapping live in
 * ../meta/messaging-*.ts because Instagram Messaging sends the same family of items; what is
 * Messenger's own — watermark receipts, deliveries, echoes with app_id/metadata — is read there
 * the same way for both. Pure: no clock, no random ids.
 */
export function normalizeMessenger(rawBody: Buffer): NormalizedEvent[] {
  return normalizeMessagingBody(rawBody, { label: 'messenger', objects: ['page'] });
}
