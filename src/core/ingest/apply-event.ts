import { recomputeWaiting } from '../conversations/recompute-waiting.ts';
import { sql, type Transaction } from 'kysely';
import type { ContactRef, MessageEvent, NormalizedEvent, StatusEvent } from '../../channels/types.ts';
import type { Channel, ContactIdentity, Conversation, Database, Message } from '../../db/schema.ts';
import { storable } from '../../db/storable-text.ts';
import type { LoggedEvent } from '../events/event-log.ts';
import { messagePreview } from '../conversations/message-preview.ts';
import { conversationFieldsDto, messageDto } from '../conversations/dto.ts';
import { applyIdentityChange } from './apply-identity-change.ts';
import { applyCaptionEdit } from './apply-caption-edit.ts';
import { applyRememberedWatermarks, applyWatermark, receiptMayMove, statusEvent } from './receipt-watermarks.ts';
import { storeMessages, type StoredMessage } from './store-messages.ts';

type Trx = Transaction<Database>;
export type { LoggedEvent };
/** What applying one event changed: events for the log, and messages whose media wants fetching. */
export interface Applied {
  events: LoggedEvent[];
  mediaToFetch: number[];
  /** A status for a message snorq does not know (yet): kept so it can be retried. */
  unmatched?: string;
}

export const NOTHING: Applied = { events: [], mediaToFetch: [] };

/**
 * Apply one normalised event of `channel` inside `trx`. Idempotent: applying the same event twice
 * changes nothing the second time (unique keys, statuses that only move forward).
 */
export async function applyEvent(trx: Trx, channel: Channel, input: NormalizedEvent, receivedAt: Date): Promise<Applied> {
  // A NUL or a lone surrogate in a customer's text would fail the insert and lose the message.
  const event = storable(input);
  switch (event.kind) {
    case 'message':
      return applyMessage(trx, channel, event, receivedAt);
    case 'status':
      return applyStatus(trx, channel, event);
    case 'watermark': {
      // Only replies the platform has (sent, with its id) move; see receipt-watermarks.ts.
      const identity = await upsertIdentity(trx, channel, event.contact);
      const conversations = await trx.selectFrom('conversations').select('id').where('channel_id', '=', channel.id).where('contact_identity_id', '=', identity.id).execute();
      const events = await applyWatermark(
        trx,
        conversations.map((c) => c.id),
        event.status,
        new Date(event.watermark),
      );
      return { events, mediaToFetch: [] };
    }
    case 'reaction': {
      const target = await findMessage(trx, channel.id, event.targetExternalId);
      if (!target) return { ...NOTHING, unmatched: `reaction to unknown message ${event.targetExternalId}` };
      const others = target.reactions.filter((r) => r.by !== 'customer');
      const at = new Date(event.timestamp ?? Date.now()).toISOString();
      const reactions = event.emoji ? [...others, { by: 'customer', emoji: event.emoji, at }] : others;
      const row = await trx
        .updateTable('messages')
        .set({ reactions: JSON.stringify(reactions), updated_at: new Date() })
        .where('id', '=', target.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return { events: [{ type: 'message:updated', payload: { message: messageDto(row) } }], mediaToFetch: [] };
    }
    case 'edit': {
      const target = await findMessage(trx, channel.id, event.targetExternalId);
      if (!target) return { ...NOTHING, unmatched: `edit of unknown message ${event.targetExternalId}` };
      if (event.caption && target.media.length > 0) return applyCaptionEdit(trx, target, event);
      if (target.content === event.text) return NOTHING;
      const edits = [...((target.metadata.edits as unknown[]) ?? []), { previous: target.content, at: new Date(event.timestamp ?? Date.now()).toISOString() }];
      const row = await trx
        .updateTable('messages')
        .set({ content: event.text, edited_at: new Date(event.timestamp ?? Date.now()), metadata: JSON.stringify({ ...target.metadata, edits }), updated_at: new Date() })
        .where('id', '=', target.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return { events: [{ type: 'message:updated', payload: { message: messageDto(row) } }], mediaToFetch: [] };
    }
    case 'unsend': {
      // The customer withdrew the message: the original is emptied and marked, never duplicated.
      const target = await findMessage(trx, channel.id, event.targetExternalId);
      if (!target) return { ...NOTHING, unmatched: `unsend of unknown message ${event.targetExternalId}` };
      const row = await trx
        .updateTable('messages')
        .set({ deleted_at: new Date(event.timestamp ?? Date.now()), content: null, media: JSON.stringify([]), updated_at: new Date() })
        .where('id', '=', target.id)
        .where('deleted_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      if (!row) return NOTHING;
      const events: LoggedEvent[] = [{ type: 'message:updated', payload: { message: messageDto(row) } }];
      // The thread list must not keep showing the words the customer withdrew.
      const conversation = await trx
        .updateTable('conversations')
        .set({ last_message_preview: messagePreview(row), updated_at: new Date() })
        .where('id', '=', row.conversation_id)
        .where('last_message_id', '=', row.id)
        .returningAll()
        .executeTakeFirst();
      if (conversation) events.push({ type: 'conversation:updated', payload: { conversation: conversationFieldsDto(conversation) } });
      return { events, mediaToFetch: [] };
    }
    case 'identity_change':
      return applyIdentityChange(trx, channel, event, receivedAt);
    case 'unknown':
      return NOTHING;
  }
}

async function applyMessage(trx: Trx, channel: Channel, event: MessageEvent, receivedAt: Date): Promise<Applied> {
  const [stored] = await storeMessages(trx, [{ channel, event, receivedAt }]);
  // Nothing stored: a redelivered webhook, or the echo of a reply snorq itself sent.
  return stored ? messageStored(stored) : NOTHING;
}

/** What storing one message changed: its `new:message` event, and its media to fetch. */
export function messageStored({ message, conversation }: StoredMessage): Applied {
  return {
    events: [{ type: 'new:message', payload: { message: messageDto(message), conversation: conversationFieldsDto(conversation) } }],
    mediaToFetch: message.media.length > 0 ? [message.id] : [],
  };
}

/** Count a message the business just wrote into its thread's summary (see snorq_touch_conversation). */
export async function touchConversation(trx: Trx, conversationId: number, message: Message): Promise<Conversation> {
  const { rows } = await sql<Conversation>`select * from snorq_touch_conversation(${conversationId}, ${message.id}, ${messagePreview(message)})`.execute(trx);
  return rows[0]!;
}

/** The customer's identity on this channel, created on first contact (see snorq_upsert_identity). */
async function upsertIdentity(trx: Trx, channel: Channel, ref: ContactRef): Promise<ContactIdentity> {
  const { rows } = await sql<ContactIdentity>`
    select * from snorq_upsert_identity(${channel.id}, ${channel.organization_id}, ${channel.platform}, ${JSON.stringify(ref)}::jsonb)
  `.execute(trx);
  return rows[0]!;
}

async function applyStatus(trx: Trx, channel: Channel, event: StatusEvent): Promise<Applied> {
  const target = await findMessage(trx, channel.id, event.externalId);
  if (!target) {
    // Possibly a receipt that overtook the answer of our own send call: keep it for that moment.
    await trx
      .insertInto('early_statuses')
      .values({
        channel_id: channel.id,
        external_id: event.externalId,
        status: event.status,
        error_code: event.error?.code ?? null,
        error_reason: event.error?.reason ?? null,
        error_detail: event.error?.detail ?? null,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    return { ...NOTHING, unmatched: `status ${event.status} for unknown message ${event.externalId} (kept until it is known)` };
  }
  const row = await moveStatus(trx, target.id, event.status, event.error);
  const events: LoggedEvent[] = row ? [statusEvent(row)] : [];
  // A read names one message (Instagram's messaging_seen names only the newest one seen):
  // everything sent before it in the thread has been read too.
  if (event.status === 'read' && (row || target.status === 'read')) events.push(...(await readThrough(trx, target)));
  return events.length > 0 ? { events, mediaToFetch: [] } : NOTHING;
}

/** Read every earlier sent message of `target`'s thread (and remember it for sends not yet recorded). */
async function readThrough(trx: Trx, target: Pick<Message, 'conversation_id' | 'sent_at' | 'platform_timestamp' | 'direction'>): Promise<LoggedEvent[]> {
  if (target.direction !== 'outbound') return [];
  return applyWatermark(trx, [target.conversation_id], 'read', target.sent_at ?? target.platform_timestamp);
}

/** Set a message's status if that moves it forward; the row when it changed. */
async function moveStatus(trx: Trx, messageId: number, status: StatusEvent['status'], error?: { code: string; reason: string; detail?: string | null }) {
  const row = await trx
    .updateTable('messages')
    .set({
      status,
      ...(status === 'failed' && {
        error_code: error?.code ?? 'UNKNOWN_PLATFORM_ERROR',
        error_reason: error?.reason ?? 'The platform reported the message as failed.',
        error_detail: error?.detail ?? null,
      }),
      updated_at: new Date(),
    })
    .where('id', '=', messageId)
    .where(receiptMayMove(status))
    .returning(['id', 'status', 'conversation_id', 'error_code', 'error_reason', 'error_detail'])
    .executeTakeFirst();
  // A reply the platform accepted, then could not deliver, never reached the customer.
  if (row && status === 'failed') await recomputeWaiting(trx, row.conversation_id);
  return row;
}

/**
 * A reply was just recorded as sent: apply the receipts that arrived before snorq knew these
 * platform ids were its message's, and the watermarks that arrived while the send's answer was
 * on its way (receipt-watermarks.ts).
 */
export async function applyEarlyStatuses(trx: Trx, channelId: number, messageId: number, externalIds: string[]): Promise<LoggedEvent[]> {
  const early = await trx.deleteFrom('early_statuses').where('channel_id', '=', channelId).where('external_id', 'in', externalIds).returningAll().execute();
  const order = ['sent', 'delivered', 'read', 'failed'];
  const events: LoggedEvent[] = [];
  for (const e of early.sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status))) {
    const row = await moveStatus(trx, messageId, e.status, e.error_code ? { code: e.error_code, reason: e.error_reason ?? '', detail: e.error_detail } : undefined);
    if (row) events.push(statusEvent(row));
  }
  events.push(...(await applyRememberedWatermarks(trx, messageId)));
  if (early.some((e) => e.status === 'read')) {
    const message = await trx.selectFrom('messages').select(['conversation_id', 'sent_at', 'platform_timestamp', 'direction']).where('id', '=', messageId).executeTakeFirstOrThrow();
    events.push(...(await readThrough(trx, message)));
  }
  return events;
}

/** The message a platform id names: its own id, or one of the extra ids of a multi-part send. */
async function findMessage(trx: Trx, channelId: number, externalId: string): Promise<Message | undefined> {
  const direct = await trx.selectFrom('messages').selectAll().where('channel_id', '=', channelId).where('external_id', '=', externalId).executeTakeFirst();
  if (direct) return direct;
  return trx
    .selectFrom('message_aliases as a')
    .innerJoin('messages as m', 'm.id', 'a.message_id')
    .selectAll('m')
    .where('a.channel_id', '=', channelId)
    .where('a.external_id', '=', externalId)
    .executeTakeFirst();
}
