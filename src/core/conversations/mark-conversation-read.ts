import type { Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Conversation, Database } from '../../db/schema.ts';
import { appendEvents } from '../events/event-log.ts';
import { notFound } from '../errors/app-error.ts';
import { conversationFieldsDto } from './dto.ts';

/**
 * An agent opened the thread: its unread count goes to zero and the customer's messages count as
 * read, pushed to every agent so their lists agree. Returns the updated conversation.
 */
export async function markConversationRead(db: Db, organizationId: number, conversationId: number) {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('conversations').selectAll().where('id', '=', conversationId).where('organization_id', '=', organizationId).forUpdate().executeTakeFirst();
    if (!before) throw notFound('conversation');
    const [read] = await readConversationsIn(trx, organizationId, [conversationId]);
    if (!read) return { conversation: conversationFieldsDto(before), markedRead: 0 };
    await appendEvents(trx, organizationId, [{ type: 'conversation:updated', payload: { conversation: conversationFieldsDto(read.row), readMessageIds: read.readMessageIds } }]);
    return { conversation: conversationFieldsDto(read.row), markedRead: read.readMessageIds.length };
  });
}

/**
 * What reading means, for one conversation or many (bulk-update-conversations.ts), inside the
 * caller's transaction: the unread count goes to zero and the customer's messages count as read.
 * Returns each conversation that changed with the ids of its messages now read; the caller
 * appends the `conversation:updated` events (last in its transaction, as appendEvents asks).
 */
export async function readConversationsIn(trx: Transaction<Database>, organizationId: number, conversationIds: number[]): Promise<{ row: Conversation; readMessageIds: number[] }[]> {
  if (conversationIds.length === 0) return [];
  const now = new Date();
  const read = await trx
    .updateTable('messages')
    .set({ status: 'read', updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('conversation_id', 'in', conversationIds)
    .where('direction', '=', 'inbound')
    .where('status', '!=', 'read')
    .returning(['id', 'conversation_id'])
    .execute();
  const readIds = new Map<number, number[]>();
  for (const r of read) readIds.set(r.conversation_id, [...(readIds.get(r.conversation_id) ?? []), r.id]);
  const withRead = [...readIds.keys()];
  const rows = await trx
    .updateTable('conversations')
    .set({ unread_count: 0, updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('id', 'in', conversationIds)
    .where((eb) => (withRead.length ? eb.or([eb('unread_count', '>', 0), eb('id', 'in', withRead)]) : eb('unread_count', '>', 0)))
    .returningAll()
    .execute();
  return rows.map((row) => ({ row, readMessageIds: readIds.get(row.id) ?? [] }));
}
