import type { ContactRef, NormalizedEvent, StatusEvent } from '../types.ts';
import { platformEvidence } from '../http/outcome.ts';
import { graphFailure } from '../meta/graph-client.ts';
import { ErrorSchema, StatusSchema } from './schemas.ts';

/**
 * One entry of `value.statuses` → a status event (FACTS 4.1). `played` (first play of a voice
 * or video note) only happens after `read`, so it is read. `deleted`, `warning` and new states
 * are kept as unknown: statuses only move forward (pitfall 12), and these are not steps of it.
 */
const STATUS_MAP: Record<string, StatusEvent['status']> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  played: 'read',
  failed: 'failed',
};

export function statusEvent(item: unknown, accountId: string): NormalizedEvent {
  const parsed = StatusSchema.safeParse(item);
  if (!parsed.success) return { kind: 'unknown', accountId, reason: 'whatsapp: malformed status', raw: item };
  const s = parsed.data;
  const status = Object.hasOwn(STATUS_MAP, s.status) ? STATUS_MAP[s.status] : undefined;
  if (!status) return { kind: 'unknown', accountId, reason: `whatsapp: status "${s.status}" not handled`, raw: item };

  const event: StatusEvent = { kind: 'status', accountId, externalId: s.id, status, timestamp: s.timestamp };
  const recipient = s.recipient_id ?? s.recipient_user_id;
  if (recipient) event.contact = recipientContact(recipient, s.recipient_id ?? undefined);
  if (status === 'failed') event.error = failureOf(s.errors ?? []);
  return event;
}

/**
 * A failed send's reason for the agent (pitfall 22): the error's title, then the details WhatsApp
 * gives in `error_data.details`, e.g. "Re-engagement message: Message failed to send because more
 * than 24 hours have passed…". Its class (131047: the window closed) by the same mapping as a
 * refused send, WhatsApp's own code and words kept as evidence.
 */
function failureOf(errors: unknown[]): NonNullable<StatusEvent['error']> {
  const parsed = ErrorSchema.safeParse(errors[0]);
  if (!parsed.success) return { code: 'UNKNOWN_PLATFORM_ERROR', reason: 'WhatsApp reported the message as failed without an error.' };
  const e = parsed.data;
  const parts = [e.title ?? e.message, e.error_data?.details].filter((p): p is string => Boolean(p));
  const reason = [...new Set(parts)].join(': ') || `WhatsApp error ${e.code}`;
  const { code } = graphFailure(400, { error: { code: e.code, message: reason } }, new Headers(), 'whatsapp');
  return { code, reason, detail: platformEvidence(e.code, reason).platformMessage ?? e.code };
}

function recipientContact(platformUserId: string, waId: string | undefined): ContactRef {
  const contact: ContactRef = { platformUserId };
  if (waId && /^\d+$/.test(waId)) contact.phone = `+${waId}`;
  return contact;
}
