import { z } from 'zod';
import type { ContactRef, NormalizedEvent, StatusEvent } from '../types.ts';
import { twilioFailure } from './api.ts';
import { twilioErrorReason } from './error-reasons.ts';

/**
 * Status callback of an outbound message (FACTS 5.3). Only the fields read here are named; Twilio
 * adds parameters without notice (FACTS 5.1), so unknown ones pass through.
 */
export const StatusCallbackSchema = z.looseObject({
  MessageSid: z.string().min(1),
  AccountSid: z.string().min(1),
  /** On outbound messages `From` is the business's `whatsapp:+E164` sender. */
  From: z.string().min(1),
  To: z.string().optional(),
  MessageStatus: z.string().min(1),
  ErrorCode: z.string().optional(),
  ErrorMessage: z.string().optional(),
});
export type StatusCallback = z.infer<typeof StatusCallbackSchema>;

/**
 * Twilio status → ours. `queued`/`accepted`/`scheduled`/`sending` happen before WhatsApp has the
 * message: our message is already `pending`, and calling them `sent` would claim more than Twilio
 * knows, so they are journalled only. `undelivered` is WhatsApp's failure, `canceled` a scheduled
 * message that never left. Callbacks arrive out of order (FACTS 5.3, pitfall 12): ingestion keeps
 * statuses monotonic, not this mapping.
 */
const STATUS_MAP: Record<string, StatusEvent['status']> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  failed: 'failed',
  undelivered: 'failed',
  canceled: 'failed',
};

/** Statuses that mean "a customer wrote to us": an inbound message, not a callback. */
export const INBOUND_STATUSES = new Set(['received', 'receiving']);

export function normalizeStatusCallback(params: StatusCallback): NormalizedEvent {
  const accountId = `${params.AccountSid}:${params.From}`;
  const status = STATUS_MAP[params.MessageStatus];
  if (!status) {
    return {
      kind: 'unknown',
      accountId,
      reason: `Twilio status "${params.MessageStatus}" precedes delivery or is not a WhatsApp state; nothing to record`,
      raw: params,
    };
  }
  const event: StatusEvent = { kind: 'status', accountId, externalId: params.MessageSid, status };
  if (params.To) event.contact = customerContact(params.To);
  if (status === 'failed') {
    const code = params.ErrorCode?.trim();
    if (code) {
      // The class by the same mapping as a refused send; Twilio's code and words kept as evidence.
      const { code: failure, platformMessage } = twilioFailure(400, { code: Number(code), message: params.ErrorMessage }, new Headers());
      event.error = { code: failure, reason: twilioErrorReason(code, params.ErrorMessage), detail: platformMessage ?? code };
    } else if (params.MessageStatus === 'canceled') {
      event.error = { code: 'UNKNOWN_PLATFORM_ERROR', reason: 'The message was canceled before Twilio sent it.', detail: 'canceled' };
    }
  }
  return event;
}

/** `whatsapp:+E164` keeps its prefix as the id; the phone is only known when it is an E.164 number (FACTS 5.1 BSUID). */
export function customerContact(address: string, displayName?: string): ContactRef {
  const contact: ContactRef = { platformUserId: address };
  const phone = /^whatsapp:(\+\d{6,15})$/.exec(address)?.[1];
  if (phone) contact.phone = phone;
  if (displayName) contact.displayName = displayName;
  return contact;
}
