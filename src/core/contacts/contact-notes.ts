import type { ContactNote } from '../../contract/contact-records.ts';
import type { Db } from '../../db/database.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { lockContact } from './contact-sql.ts';

/** The contact's private notes, newest first (another organisation's contact: 404). */
export async function listContactNotes(db: Db, organizationId: number, contactId: number): Promise<ContactNote[]> {
  const owned = await db.selectFrom('contacts').select('id').where('id', '=', contactId).where('organization_id', '=', organizationId).where('erased_at', 'is', null).executeTakeFirst();
  if (!owned) throw notFound('contact');
  return notesOf(db, contactId);
}

export async function notesOf(db: Db, contactId: number): Promise<ContactNote[]> {
  const rows = await db
    .selectFrom('contact_notes as n')
    .leftJoin('users as u', 'u.id', 'n.author_user_id')
    .select(['n.id', 'n.body', 'n.created_at', 'u.id as author_id', 'u.name as author_name'])
    .where('n.contact_id', '=', contactId)
    .orderBy('n.id', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, body: r.body, author: r.author_id !== null && r.author_name !== null ? { id: r.author_id, name: r.author_name } : null, createdAt: r.created_at.toISOString() }));
}

export async function addContactNote(db: Db, actor: { organizationId: number; userId: number }, contactId: number, body: string): Promise<ContactNote> {
  const id = await db.transaction().execute(async (trx) => {
    await lockContact(trx, actor.organizationId, contactId);
    const row = await trx
      .insertInto('contact_notes')
      .values({ organization_id: actor.organizationId, contact_id: contactId, author_user_id: actor.userId, body })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
  const note = (await notesOf(db, contactId)).find((n) => n.id === id);
  if (!note) throw notFound('note');
  return note;
}

/** Its author or an admin may delete a note. */
export async function deleteContactNote(db: Db, actor: { organizationId: number; userId: number; role: string }, contactId: number, noteId: number): Promise<void> {
  const note = await db
    .selectFrom('contact_notes')
    .select(['id', 'author_user_id'])
    .where('id', '=', noteId)
    .where('contact_id', '=', contactId)
    .where('organization_id', '=', actor.organizationId)
    .executeTakeFirst();
  if (!note) throw notFound('note');
  if (note.author_user_id !== actor.userId && actor.role !== 'admin') throw new AppError('FORBIDDEN', 'only its author or an admin may delete a note', { reason: 'NOTE_AUTHOR_ONLY' });
  await db.deleteFrom('contact_notes').where('id', '=', noteId).execute();
}
