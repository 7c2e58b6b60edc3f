import { sql, type Transaction } from 'kysely';
import type { MessageEvent } from '../../channels/types.ts';
import type { Channel, Conversation, Database, MediaItem, Message } from '../../db/schema.ts';
import { sqlLiteral } from '../../db/sql-literal.ts';
import { messagePreview } from '../conversations/message-preview.ts';
import { namePostbacks } from './name-postbacks.ts';

type Trx = Transaction<Database>;

export interface MessageToStore {
  channel: Channel;
  /** Already made storable (src/db/storable-text.ts). */
  event: MessageEvent;
  receivedAt: Date;
}

export type StoredRow = Omit<Message, 'raw' | 'search_vector'>;

export interface StoredMessage {
  /** Position of the message in the input. */
  index: number;
  /** The stored row, without `raw` and the search vector (nothing downstream reads them). */
  message: StoredRow;
  /** Its thread, right after this message was counted in. */
  conversation: Conversation;
}

/**
 * Store normalised messages in array order with one call to `snorq_store_messages`
 * (src/db/definitions/store-messages.sql; docs/adr/0005 says why it lives in the database): identity and thread created on first
 * contact, the message inserted unless already known, the thread's summary kept current.
 * Idempotent: a message already stored (redelivery, echo of snorq's own reply) returns nothing.
 */
export async function storeMessages(trx: Trx, items: MessageToStore[]): Promise<StoredMessage[]> {
  if (items.length === 0) return [];
  const { rows } = await sql<StoreRow>`
    select item_index, message_row, conversation_row from snorq_store_messages(${storePayload(await namePostbacks(trx, items))}::jsonb)
  `.execute(trx);
  return storedMessages(rows);
}

/**
 * The same call as the text of one statement, its argument written in as a literal: for a round
 * trip of several statements (the simple query protocol takes no parameters), as ingestion's
 * batches send it together with their BEGIN. `payload` is storePayload's, of items whose postbacks
 * are already named.
 */
export function storeMessagesStatement(payload: string): string {
  return `select item_index, message_row, conversation_row from snorq_store_messages(${sqlLiteral(payload)}::jsonb)`;
}

export interface StoreRow {
  item_index: number;
  message_row: Record<string, unknown>;
  conversation_row: Record<string, unknown>;
}

/** The store function's argument: the items as the JSON array it reads (store-messages.sql). */
export function storePayload(items: MessageToStore[]): string {
  return JSON.stringify(
    items.map(({ channel, event, receivedAt }) => {
      const media: MediaItem[] = (event.media ?? []).map((m) => ({ ...m, state: 'pending' }));
      const content = event.text ?? null;
      return {
        channel_id: channel.id,
        organization_id: channel.organization_id,
        platform: channel.platform,
        contact: event.contact,
        direction: event.direction,
        content,
        content_type: event.contentType,
        media,
        metadata: {
          ...event.metadata,
          ...(event.location && { location: event.location }),
          ...(event.contacts && { contacts: event.contacts }),
          ...(event.share && { share: event.share }),
        },
        status: event.direction === 'inbound' ? 'delivered' : 'sent',
        external_id: event.externalId,
        reply_to_external_id: event.replyToExternalId ?? null,
        referral: event.referral ?? null,
        ...(event.raw !== undefined && { raw: event.raw }),
        platform_timestamp: new Date(event.timestamp ?? receivedAt.getTime()).toISOString(),
        preview: messagePreview({ content, content_type: event.contentType, deleted_at: null }),
      };
    }),
  );
}

/** The store function's rows as the app reads them. */
export function storedMessages(rows: StoreRow[]): StoredMessage[] {
  return rows.map((r) => ({
    index: r.item_index,
    message: withDates(r.message_row, MESSAGE_TIMESTAMPS) as unknown as StoredRow,
    conversation: withDates(r.conversation_row, CONVERSATION_TIMESTAMPS) as unknown as Conversation,
  }));
}

// Rows come back as JSON (one round trip for the whole batch), so timestamps arrive as text;
// these are the columns the node-postgres driver would have turned into Dates.
// test/integration/store-messages.test.ts compares both forms, and checks these lists against every
// timestamp column of the two tables: a column filled only in some states (the SLA clock's) slipped
// by a comparison of rows where it was null, and broke every second message of a conversation.
export const MESSAGE_TIMESTAMPS = [
  'platform_timestamp',
  'edited_at',
  'deleted_at',
  'next_attempt_at',
  'sending_started_at',
  'sent_at',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof Message)[];
export const CONVERSATION_TIMESTAMPS = [
  'snoozed_until',
  'last_message_at',
  'last_inbound_at',
  'last_outbound_at',
  'waiting_since',
  'delivered_watermark',
  'read_watermark',
  'resolved_at',
  'sla_started_at',
  'sla_warn_at',
  'sla_due_at',
  'sla_breached_at',
  'sla_warned_at',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof Conversation)[];

function withDates(row: Record<string, unknown>, columns: readonly string[]): Record<string, unknown> {
  const out = { ...row };
  for (const c of columns) if (typeof out[c] === 'string') out[c] = new Date(out[c]);
  return out;
}
