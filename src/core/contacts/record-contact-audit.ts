import type { Transaction } from 'kysely';
import type { AuditAction } from '../../contract/audit.ts';
import type { Database } from '../../db/schema.ts';

/**
 * An audit entry written in the same transaction as the change to a contact, so a merge or an
 * erasure is never done without its record (nor recorded without being done). Ids only: never a
 * name, a phone number or a message.
 */
export async function recordAuditIn(trx: Transaction<Database>, actor: { organizationId: number; userId: number }, action: AuditAction, details: Record<string, unknown>): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({ organization_id: actor.organizationId, action, actor_user_id: actor.userId, details: JSON.stringify(details) })
    .execute();
}
