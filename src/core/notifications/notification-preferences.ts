import type { NotificationPreferences } from '../../contract/notifications.ts';
import type { Db } from '../../db/database.ts';
import type { Selectable } from 'kysely';
import type { NotificationPreferencesTable } from '../../db/schema.ts';

/**
 * Until a user chooses, what concerns them personally notifies (their conversations, assignments,
 * mentions, SLA breaches) and every new conversation does not: in a team, that one would ring for
 * everybody at once.
 */
export const DEFAULT_PREFERENCES: NotificationPreferences = {
  newConversation: false,
  newMessage: true,
  assigned: true,
  mentioned: true,
  slaBreach: true,
  sound: true,
};

function fromRow(row: Selectable<NotificationPreferencesTable>): NotificationPreferences {
  return {
    newConversation: row.new_conversation,
    newMessage: row.new_message,
    assigned: row.assigned,
    mentioned: row.mentioned,
    slaBreach: row.sla_breach,
    sound: row.sound,
  };
}

/** One user's preferences (the defaults until they change one). */
export async function getPreferences(db: Db, organizationId: number, userId: number): Promise<NotificationPreferences> {
  const row = await db.selectFrom('notification_preferences').selectAll().where('user_id', '=', userId).where('organization_id', '=', organizationId).executeTakeFirst();
  return row ? fromRow(row) : { ...DEFAULT_PREFERENCES };
}

/** Change some of a user's preferences; the others keep their value. */
export async function updatePreferences(db: Db, organizationId: number, userId: number, change: Partial<NotificationPreferences>): Promise<NotificationPreferences> {
  const next = { ...(await getPreferences(db, organizationId, userId)), ...change };
  const values = {
    new_conversation: next.newConversation,
    new_message: next.newMessage,
    assigned: next.assigned,
    mentioned: next.mentioned,
    sla_breach: next.slaBreach,
    sound: next.sound,
    updated_at: new Date(),
  };
  await db
    .insertInto('notification_preferences')
    .values({ user_id: userId, organization_id: organizationId, ...values })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
    .execute();
  return next;
}

/** Every active user of an organisation with their preferences: who may be notified. */
export async function activeUsersWithPreferences(
  db: Db,
  organizationId: number,
): Promise<{ id: number; name: string; email: string; language: string | null; preferences: NotificationPreferences }[]> {
  const rows = await db
    .selectFrom('users as u')
    .leftJoin('notification_preferences as p', 'p.user_id', 'u.id')
    .select([
      'u.id',
      'u.name',
      'u.email',
      'u.language',
      'p.new_conversation',
      'p.new_message',
      'p.assigned',
      'p.mentioned',
      'p.sla_breach',
      'p.sound',
      'p.updated_at',
      'p.user_id',
      'p.organization_id',
    ])
    .where('u.organization_id', '=', organizationId)
    .where('u.disabled_at', 'is', null)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    language: r.language,
    preferences: r.user_id === null ? { ...DEFAULT_PREFERENCES } : fromRow(r as Selectable<NotificationPreferencesTable>),
  }));
}
