import type { Transaction } from 'kysely';
import type { MessageAutomation } from '../../contract/messages.ts';
import type { Database } from '../../db/schema.ts';
import { queueReply } from '../outbox/queue-reply.ts';

/**
 * A line in the conversation's thread saying what automation did or why it did not (a private note
 * marked as automatic: never sent, never counted as an answer, shown as "Automatic: …").
 */
export async function logInThread(trx: Transaction<Database>, organizationId: number, conversationId: number, automation: MessageAutomation, text: string, now: Date): Promise<void> {
  await queueReply(trx, { organizationId, userId: null, conversationId, content: text, privateNote: true, automation }, now);
}
