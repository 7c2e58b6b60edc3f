import type { Message, MessageAuthor } from '../../contract/messages.ts';
import type { Db } from '../../db/database.ts';
import { avatarUrl } from '../accounts/user-profile.ts';

/**
 * The messages with their authors' names and pictures (one query for the page), so that the
 * thread says who wrote each reply and note even when the author has since been disabled.
 */
export async function withAuthors(db: Pick<Db, 'selectFrom'>, organizationId: number, messages: Message[]): Promise<Message[]> {
  const ids = [...new Set(messages.flatMap((m) => (m.senderUserId === null ? [] : [m.senderUserId])))];
  if (ids.length === 0) return messages;
  const rows = await db.selectFrom('users').select(['id', 'name', 'avatar_updated_at']).where('organization_id', '=', organizationId).where('id', 'in', ids).execute();
  const authors = new Map<number, MessageAuthor>(rows.map((r) => [r.id, { id: r.id, name: r.name, avatarUrl: avatarUrl(r.id, r.avatar_updated_at) }]));
  return messages.map((m) => (m.senderUserId === null ? m : { ...m, author: authors.get(m.senderUserId) ?? null }));
}
