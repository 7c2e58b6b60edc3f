import type { SimContext } from '../context.ts';
import type { SimMessage } from '../state/conversations.ts';
import type { SimAccount } from '../types.ts';
import { postTwilio } from './deliver.ts';
import { DELIVERY_ERRORS } from './errors.ts';

/**
 * Twilio status callbacks (FACTS 5.3): form-encoded to the message's StatusCallback, signed like
 * every Twilio webhook over that URL + sorted params. No callback for the initial `queued`.
 */

export type TwilioStatus = 'sent' | 'delivered' | 'read' | 'failed' | 'undelivered';

const EVENT_TYPE: Partial<Record<TwilioStatus, string>> = { delivered: 'DELIVERED', read: 'READ', sent: 'SENT' };

export function statusCallbackParams(account: SimAccount, message: SimMessage, status: TwilioStatus, errorCode?: number): Record<string, string> {
  const params: Record<string, string> = {
    MessageSid: message.id,
    SmsSid: message.id,
    MessageStatus: status,
    SmsStatus: status,
    ChannelPrefix: 'whatsapp',
    ChannelInstallSid: 'XE5f8d04a2cc3b2e1c4c1d1e3a6b2f9a07',
    AccountSid: account.accountId,
    From: String(message.data?.from ?? account.sender),
    To: String(message.data?.to ?? ''),
    ApiVersion: '2010-04-01',
  };
  const eventType = EVENT_TYPE[status];
  if (eventType) params.EventType = eventType;
  if (typeof message.data?.messagingServiceSid === 'string') params.MessagingServiceSid = message.data.messagingServiceSid;
  if (errorCode !== undefined) {
    params.ErrorCode = String(errorCode);
    params.ChannelStatusMessage = errorCode === 63016 ? 'Failed to send freeform message because you are outside the allowed window.' : (DELIVERY_ERRORS[errorCode] ?? 'Message failed');
  }
  return params;
}

/** Move the message to `status` and tell its StatusCallback, if it has one. */
export async function sendStatusCallback(ctx: SimContext, account: SimAccount, message: SimMessage, status: TwilioStatus, errorCode?: number): Promise<void> {
  message.status = status;
  if (errorCode !== undefined) message.errorCode = errorCode;
  if (status === 'sent' && !message.data?.dateSent) message.data = { ...message.data, dateSent: ctx.now() };
  if (!message.statusCallback) return;
  await postTwilio(ctx, account.accessToken, message.statusCallback, statusCallbackParams(account, message, status, errorCode));
}
