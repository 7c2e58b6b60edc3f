import { sql } from 'kysely';
import type { TimelinePage } from '../../contract/contact-records.ts';
import type { Db } from '../../db/database.ts';
import { messageDto } from '../conversations/dto.ts';
import { AppError, notFound } from '../errors/app-error.ts';

const cursorOf = (m: { platform_timestamp: Date; id: number }) => Buffer.from(`${m.platform_timestamp.toISOString()}|${m.id}`).toString('base64url');

function parseCursor(cursor: string): { at: Date; id: number } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const date = new Date(at ?? '');
  if (Number.isNaN(date.getTime()) || !Number.isSafeInteger(Number(id)) || Number(id) <= 0) throw new AppError('BAD_REQUEST', 'the cursor is not valid');
  return { at: date, id: Number(id) };
}

/**
 * Every message of every conversation the contact has, on every platform, as one timeline. A
 * page is the `limit` newest messages before the cursor, oldest first (as a thread reads);
 * `nextCursor` fetches the page before it. Ordered by the platforms' timestamps, then id, so
 * pages never overlap or skip while messages arrive.
 */
export async function contactTimeline(db: Db, organizationId: number, contactId: number, options: { limit: number; cursor?: string }): Promise<TimelinePage> {
  const owned = await db.selectFrom('contacts').select('id').where('id', '=', contactId).where('organization_id', '=', organizationId).where('erased_at', 'is', null).executeTakeFirst();
  if (!owned) throw notFound('contact');
  let q = db
    .selectFrom('messages as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .innerJoin('channels as ch', 'ch.id', 'c.channel_id')
    .selectAll('m')
    .select(['ch.platform', 'ch.display_name as channel_name'])
    .where('c.contact_id', '=', contactId)
    .where('c.organization_id', '=', organizationId);
  if (options.cursor) {
    const { at, id } = parseCursor(options.cursor);
    q = q.where(sql<boolean>`(m.platform_timestamp, m.id) < (${at}, ${id})`);
  }
  const rows = await q
    .orderBy('m.platform_timestamp', 'desc')
    .orderBy('m.id', 'desc')
    .limit(options.limit + 1)
    .execute();
  const page = rows.slice(0, options.limit).reverse();
  const oldest = page[0];
  return {
    items: page.map((m) => ({ message: messageDto(m), platform: m.platform, channelName: m.channel_name })),
    nextCursor: rows.length > options.limit && oldest ? cursorOf(oldest) : null,
  };
}
