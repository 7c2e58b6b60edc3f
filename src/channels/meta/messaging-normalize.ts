import { z } from 'zod';
import type { NormalizedEvent } from '../types.ts';
import { parseMetaEnvelope } from './envelope.ts';
import { messagingItemEvents, type ItemContext } from './messaging-item.ts';

/**
 * Body → events for the Messenger Platform webhook family: Messenger and Instagram share the
 * envelope `{ object, entry: [{ id, time, messaging | standby | changes }] }` (FACTS 2.1, 3.1).
 * Pure: no clock, no random ids. Every entry and every item is read on its own, in order.
 */
export interface MessagingFamily {
  /** `messenger` or `instagram`: names reasons of unknown events. */
  label: string;
  /** Accepted `object` values. */
  objects: readonly string[];
}

const EntrySchema = z.looseObject({ id: z.string().min(1) });
const ChangeSchema = z.looseObject({ field: z.string(), value: z.unknown() });

export function normalizeMessagingBody(rawBody: Buffer, family: MessagingFamily): NormalizedEvent[] {
  const envelope = parseMetaEnvelope(rawBody);
  if (!family.objects.includes(envelope.object)) {
    return [{ kind: 'unknown', reason: `${family.label}: unexpected object "${envelope.object}"`, raw: envelope }];
  }
  return envelope.entry.flatMap((entry) => entryEvents(entry, family));
}

function entryEvents(entry: unknown, family: MessagingFamily): NormalizedEvent[] {
  const parsed = EntrySchema.safeParse(entry);
  // Without entry.id there is no trusted account to route to (pitfall 6).
  if (!parsed.success) return [{ kind: 'unknown', reason: `${family.label}: entry without an id`, raw: entry }];
  const accountId = parsed.data.id;
  const events: NormalizedEvent[] = [];
  let carried = false;

  // `standby` holds the same events while another app owns the thread (FACTS 2.1, pitfall 31).
  for (const key of ['messaging', 'standby'] as const) {
    const items = parsed.data[key];
    if (items === undefined) continue;
    carried = true;
    if (!Array.isArray(items)) {
      events.push({ kind: 'unknown', accountId, reason: `${family.label}: entry.${key} is not an array`, raw: entry });
      continue;
    }
    const ctx: ItemContext = { accountId, label: family.label, standby: key === 'standby' };
    for (const item of items) events.push(...messagingItemEvents(item, ctx));
  }

  const changes = parsed.data['changes'];
  if (changes !== undefined) {
    carried = true;
    const list = Array.isArray(changes) ? changes : [changes];
    for (const change of list) events.push(...changeEvents(change, accountId, family));
  }

  if (!carried) events.push({ kind: 'unknown', accountId, reason: `${family.label}: entry carries no messaging, standby or changes`, raw: entry });
  return events;
}

/**
 * Some fields arrive as `changes[{ field, value }]`: Instagram's dashboard "Test" payloads put a
 * messaging item in `value` (FACTS 3.1, pitfall 9), as does the `messaging_postbacks` reference.
 * A value with a sender is read as a messaging item; anything else (feed, comments) is unknown.
 */
function changeEvents(change: unknown, accountId: string, family: MessagingFamily): NormalizedEvent[] {
  const parsed = ChangeSchema.safeParse(change);
  if (!parsed.success) return [{ kind: 'unknown', accountId, reason: `${family.label}: malformed change`, raw: change }];
  const { field, value } = parsed.data;
  if (typeof value === 'object' && value !== null && 'sender' in value) {
    return messagingItemEvents(value, { accountId, label: family.label, standby: false });
  }
  return [{ kind: 'unknown', accountId, reason: `${family.label}: change field "${field}" not handled`, raw: change }];
}
