import { withAuthors } from './message-authors.ts';
import { sql } from 'kysely';
import type { MessagePage } from '../../contract/messages.ts';
import type { Db } from '../../db/database.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { messageDto } from './dto.ts';

/**
 * A thread page, oldest first. Pages walk backwards in time: the first page is the newest
 * `limit` messages; `before` (the cursor of the page's oldest message) fetches the ones before it.
 * Ordered by the platform's timestamps, then id.
 */
export async function listMessages(db: Db, organizationId: number, conversationId: number, options: { limit?: number; before?: string } = {}): Promise<MessagePage> {
  const owned = await db.selectFrom('conversations').select('id').where('id', '=', conversationId).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!owned) throw notFound('conversation');
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
  let q = db.selectFrom('messages').selectAll().where('conversation_id', '=', conversationId);
  if (options.before) {
    const [at, id] = Buffer.from(options.before, 'base64url').toString().split('|');
    const date = new Date(at ?? '');
    if (Number.isNaN(date.getTime()) || !Number.isInteger(Number(id))) throw new AppError('BAD_REQUEST', 'the cursor is not valid');
    q = q.where(sql<boolean>`(platform_timestamp, id) < (${date}, ${Number(id)})`);
  }
  const rows = await q
    .orderBy('platform_timestamp', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit).reverse();
  const oldest = page[0];
  return {
    messages: await withAuthors(db, organizationId, page.map(messageDto)),
    previousCursor: rows.length > limit && oldest ? Buffer.from(`${oldest.platform_timestamp.toISOString()}|${oldest.id}`).toString('base64url') : null,
  };
}
