import { createHmac } from 'node:crypto';

/** Meta's X-Hub-Signature-256 over the exact bytes sent. */
export function metaSignature(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** A WhatsApp Cloud API text-message webhook as Meta sends it (FACTS 4.1); `replyTo` quotes a message (its `context`). */
export function whatsappText(opts: { phoneNumberId: string; from: string; name?: string; id: string; text: string; timestamp: number; replyTo?: string }) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA1',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550001111', phone_number_id: opts.phoneNumberId },
              contacts: [{ profile: { name: opts.name ?? 'Customer' }, wa_id: opts.from }],
              messages: [
                {
                  from: opts.from,
                  id: opts.id,
                  timestamp: String(Math.floor(opts.timestamp / 1000)),
                  type: 'text',
                  text: { body: opts.text },
                  ...(opts.replyTo && { context: { from: '15550001111', id: opts.replyTo } }),
                },
              ],
            },
          },
        ],
      },
    ],
  };
}

export function whatsappStatus(opts: { phoneNumberId: string; id: string; status: 'sent' | 'delivered' | 'read' | 'failed'; recipient: string; timestamp: number }) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA1',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550001111', phone_number_id: opts.phoneNumberId },
              statuses: [
                {
                  id: opts.id,
                  status: opts.status,
                  timestamp: String(Math.floor(opts.timestamp / 1000)),
                  recipient_id: opts.recipient,
                  ...(opts.status === 'failed' && {
                    errors: [
                      {
                        code: 131047,
                        title: 'Re-engagement message',
                        message: 'Re-engagement message',
                        error_data: { details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' },
                      },
                    ],
                  }),
                },
              ],
            },
          },
        ],
      },
    ],
  };
}
