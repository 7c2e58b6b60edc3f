import type { Db } from '../../db/database.ts';
import { appendEvents } from '../events/event-log.ts';
import { notFound } from '../errors/app-error.ts';
import { conversationFieldsDto } from './dto.ts';

/**
 * An agent opened the thread: its unread count goes to zero and the customer's messages count as
 * read, pushed to every agent so their lists agree. Returns the updated conversation.
 */
export async function markConversationRead(db: Db, organizationId: number, conversationId: number) {
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('conversations')
      .select(['id', 'unread_count'])
      .where('id', '=', conversationId)
      .where('organization_id', '=', organizationId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw notFound('conversation');
    const updated = await trx.updateTable('conversations').set({ unread_count: 0, updated_at: new Date() }).where('id', '=', conversationId).returningAll().executeTakeFirstOrThrow();
    const read = await trx
      .updateTable('messages')
      .set({ status: 'read', updated_at: new Date() })
      .where('conversation_id', '=', conversationId)
      .where('direction', '=', 'inbound')
      .where('status', '!=', 'read')
      .returning('id')
      .execute();
    if (before.unread_count > 0 || read.length > 0) {
      await appendEvents(trx, organizationId, [{ type: 'conversation:updated', payload: { conversation: conversationFieldsDto(updated), readMessageIds: read.map((r) => r.id) } }]);
    }
    return { conversation: conversationFieldsDto(updated), markedRead: read.length };
  });
}
