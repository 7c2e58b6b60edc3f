import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { conversationFieldsDto } from '../conversations/dto.ts';
import { appendEvents } from '../events/event-log.ts';

/**
 * Conversations moved to another contact (linked, unlinked, merged) or closed (erased) are pushed
 * live as `conversation:updated`, so an open inbox shows the new contact without reloading.
 * Call it last in the transaction (it takes the event counter's lock).
 */
export async function announceConversations(trx: Transaction<Database>, organizationId: number, conversationIds: number[]): Promise<void> {
  if (conversationIds.length === 0) return;
  const rows = await trx.selectFrom('conversations').selectAll().where('organization_id', '=', organizationId).where('id', 'in', conversationIds).orderBy('id').execute();
  await appendEvents(
    trx,
    organizationId,
    rows.map((row) => ({ type: 'conversation:updated' as const, payload: { conversation: conversationFieldsDto(row) } })),
  );
}
