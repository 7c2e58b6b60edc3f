import type { Db } from '../../db/database.ts';
import type { ContactsTable } from '../../db/schema.ts';
import type { Updateable } from 'kysely';
import { appendEvents } from '../events/event-log.ts';
import { lockContact } from './contact-sql.ts';

export interface ContactChanges {
  displayName?: string | null;
  email?: string | null;
  phone?: string | null;
  labels?: string[];
}

/** The contact's own name, e-mail, phone and labels (what its identities say stays on them). */
export async function updateContact(db: Db, organizationId: number, contactId: number, changes: ContactChanges): Promise<void> {
  const set: Updateable<ContactsTable> = { updated_at: new Date() };
  if (changes.displayName !== undefined) set.display_name = changes.displayName;
  if (changes.email !== undefined) set.email = changes.email?.toLowerCase() ?? null;
  if (changes.phone !== undefined) set.phone = changes.phone;
  if (changes.labels) set.labels = [...new Set(changes.labels.map((l) => l.trim()).filter(Boolean))];
  await db.transaction().execute(async (trx) => {
    await lockContact(trx, organizationId, contactId);
    await trx.updateTable('contacts').set(set).where('id', '=', contactId).execute();
    await appendEvents(trx, organizationId, [{ type: 'contact:updated', payload: { contactId } }]);
  });
}
