import { metaSignature, whatsappText } from '../../test/helpers/signing.ts';
import type { PreparedRequest } from './load-generator.ts';
import { BENCH_WHATSAPP } from './snorq-process.ts';

/**
 * A signed single-message WhatsApp Cloud API webhook (FACTS 4.1), as Meta would POST it, for
 * the bench's WhatsApp channel. `customer` picks the sender among a pool, so some messages open
 * a conversation and most land in one that exists.
 */
export function whatsappWebhook(externalId: string, customer: number, text: string): PreparedRequest {
  const body = Buffer.from(
    JSON.stringify(whatsappText({ phoneNumberId: BENCH_WHATSAPP.phoneNumberId, from: String(4915000000000 + customer), name: `Customer ${customer}`, id: externalId, text, timestamp: Date.now() })),
  );
  return {
    method: 'POST',
    path: '/api/v1/webhooks/whatsapp',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(BENCH_WHATSAPP.appSecret, body) },
    body,
  };
}
