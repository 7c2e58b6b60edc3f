import type { SimMessage } from '../state/conversations.ts';
import { DELIVERY_ERRORS } from './errors.ts';

/** The Message resource JSON (FACTS 5.5), for sends, fetches and lists; URIs are relative, as Twilio's are. */
export function messageResource(accountSid: string, m: SimMessage): Record<string, unknown> {
  const uri = `/2010-04-01/Accounts/${accountSid}/Messages/${m.id}`;
  const dateSent = typeof m.data?.dateSent === 'number' ? m.data.dateSent : undefined;
  const inbound = m.direction === 'inbound';
  return {
    account_sid: accountSid,
    api_version: '2010-04-01',
    body: m.text ?? '',
    date_created: rfc2822(m.timestamp),
    date_sent: dateSent === undefined ? null : rfc2822(dateSent),
    date_updated: rfc2822(Math.max(m.timestamp, dateSent ?? 0)),
    direction: inbound ? 'inbound' : 'outbound-api',
    error_code: m.errorCode ?? null,
    error_message:
      m.errorCode === 63016
        ? 'Failed to send freeform message because you are outside the allowed window. If you are using WhatsApp, please use a Message Template.'
        : ((m.errorCode !== undefined && DELIVERY_ERRORS[m.errorCode]) ?? null),
    from: String(m.data?.from ?? ''),
    messaging_service_sid: typeof m.data?.messagingServiceSid === 'string' ? m.data.messagingServiceSid : null,
    num_media: String(m.attachments?.length ?? 0),
    num_segments: '1',
    price: null,
    price_unit: 'USD',
    sid: m.id,
    status: m.status ?? (inbound ? 'received' : 'queued'),
    subresource_uris: { media: `${uri}/Media.json`, feedback: `${uri}/Feedback.json` },
    to: String(m.data?.to ?? ''),
    uri: `${uri}.json`,
  };
}

/** `Fri, 21 Nov 2026 10:00:00 +0000` */
export const rfc2822 = (ms: number): string => new Date(ms).toUTCString().replace('GMT', '+0000');
