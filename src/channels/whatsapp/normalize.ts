import { z } from 'zod';
import { parseMetaEnvelope } from '../meta/envelope.ts';
import type { NormalizedEvent } from '../types.ts';
import { echoMessageEvents, inboundMessageEvents, parseContacts, type MessageContext } from './messages.ts';
import { ChangeSchema, ValueMetadataSchema } from './schemas.ts';
import { statusEvent } from './statuses.ts';

/**
 * WhatsApp Cloud API webhook body → events (FACTS 4.1). `entry[].id` is the WABA; each
 * `changes[]` value of field `messages` is routed by `metadata.phone_number_id` and carries
 * `messages`, `statuses` and/or value-level `errors`; `smb_message_echoes` carries Coexistence
 * echoes. Every other field (account, template, quality updates, history) is kept as unknown.
 * Pure: no clock, no ids of ours; one odd item never sinks the batch (pitfall 10).
 */
const EntrySchema = z.looseObject({ changes: z.array(z.unknown()) });

export function normalizeWhatsApp(rawBody: Buffer): NormalizedEvent[] {
  const envelope = parseMetaEnvelope(rawBody);
  if (envelope.object !== 'whatsapp_business_account') {
    return [{ kind: 'unknown', reason: `whatsapp: unexpected object "${envelope.object}"`, raw: envelope }];
  }
  return envelope.entry.flatMap((entry) => {
    const parsed = EntrySchema.safeParse(entry);
    if (!parsed.success) return [{ kind: 'unknown' as const, reason: 'whatsapp: entry without a changes list', raw: entry }];
    return parsed.data.changes.flatMap(changeEvents);
  });
}

function changeEvents(change: unknown): NormalizedEvent[] {
  const parsed = ChangeSchema.safeParse(change);
  if (!parsed.success) return [{ kind: 'unknown', reason: 'whatsapp: malformed change', raw: change }];
  const { field, value } = parsed.data;
  const routed = ValueMetadataSchema.safeParse(value);
  const accountId = routed.success ? routed.data.metadata.phone_number_id : undefined;

  if (field !== 'messages' && field !== 'smb_message_echoes') {
    return [{ kind: 'unknown', accountId, reason: `whatsapp: field "${field}" not handled`, raw: change }];
  }
  if (!accountId) return [{ kind: 'unknown', reason: `whatsapp: ${field} value without metadata.phone_number_id`, raw: change }];

  const v = value as Record<string, unknown>;
  const ctx: MessageContext = { accountId, contacts: parseContacts(v['contacts']) };
  const events: NormalizedEvent[] = [];
  const each = (key: string, read: (item: unknown) => NormalizedEvent[]): void => {
    const list = v[key];
    if (list === undefined || list === null) return;
    if (!Array.isArray(list)) {
      events.push({ kind: 'unknown', accountId, reason: `whatsapp: value.${key} is not a list`, raw: list });
      return;
    }
    for (const item of list) events.push(...read(item));
  };

  if (field === 'smb_message_echoes') {
    each('message_echoes', (item) => echoMessageEvents(item, ctx));
  } else {
    each('messages', (item) => inboundMessageEvents(item, ctx));
    each('statuses', (item) => [statusEvent(item, accountId)]);
  }
  // System-level problems reported beside (or instead of) messages (FACTS 4.1).
  const errors = v['errors'];
  if (errors !== undefined && errors !== null) events.push({ kind: 'unknown', accountId, reason: 'whatsapp: value-level errors', raw: errors });
  return events;
}
