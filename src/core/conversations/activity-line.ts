import type { Transaction } from 'kysely';
import { threadTextEnglish, type ThreadText } from '../../contract/thread-texts.ts';
import type { Conversation, Database } from '../../db/schema.ts';
import type { LoggedEvent } from '../events/event-log.ts';
import { conversationFieldsDto, messageDto } from './dto.ts';

type Trx = Transaction<Database>;

/**
 * A line in the thread saying what happened to the conversation (who assigned it to whom), stored
 * as a message like the platforms' own notices: a `system` message, kept as a private note so it is
 * never sent, never counted as an answer, a reply or an unread message, and never changes the
 * conversation's preview. One store for every thread line means the thread's pages, the live
 * `new:message`, the messages API and the export carry it without a second log to merge. The
 * English sentence is its `content` (API users), the code its `contentText` (the reader's language).
 *
 * Returns its `new:message`, for the caller to append with its own events in the same transaction
 * (after the conversation's row is locked: the lock order of every writer).
 */
export async function activityLine(trx: Trx, conversation: Conversation, text: ThreadText, now: Date): Promise<LoggedEvent> {
  const [event] = await activityLines(trx, [{ conversation, text }], now);
  return event!;
}

/**
 * Lines for several conversations in one INSERT (a bulk action's chunk), their events in the order
 * given. At most one line per conversation: the rows come back matched by conversation.
 */
export async function activityLines(trx: Trx, lines: { conversation: Conversation; text: ThreadText }[], now: Date): Promise<LoggedEvent[]> {
  if (lines.length === 0) return [];
  const rows = await trx
    .insertInto('messages')
    .values(
      lines.map(({ conversation, text }) => ({
        organization_id: conversation.organization_id,
        conversation_id: conversation.id,
        channel_id: conversation.channel_id,
        direction: 'outbound' as const,
        content: threadTextEnglish(text),
        content_type: 'system' as const,
        metadata: JSON.stringify({ contentText: text }),
        status: 'sent' as const,
        platform_timestamp: now,
        sender_user_id: null,
        is_private_note: true,
        next_attempt_at: null,
      })),
    )
    .returningAll()
    .execute();
  const byConversation = new Map(rows.map((row) => [row.conversation_id, row]));
  return lines.map(({ conversation }) => ({ type: 'new:message', payload: { message: messageDto(byConversation.get(conversation.id)!), conversation: conversationFieldsDto(conversation) } }));
}

/** The names of users of the organisation, by id (a user removed since is "someone"). */
export async function userNames(trx: Trx, organizationId: number, ids: (number | null)[]): Promise<(id: number | null) => string> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  const rows = wanted.length ? await trx.selectFrom('users').select(['id', 'name']).where('organization_id', '=', organizationId).where('id', 'in', wanted).execute() : [];
  const names = new Map(rows.map((r) => [r.id, r.name]));
  return (id) => (id === null ? '' : (names.get(id) ?? `#${id}`));
}

/**
 * The line for an agent's change of the assignee (`actorUserId`): "Ana assigned this to Ben",
 * "Ana took this", "Ana unassigned this".
 */
export async function assignmentLine(trx: Trx, conversation: Conversation, actorUserId: number, now: Date): Promise<LoggedEvent> {
  const [event] = await assignmentLines(trx, [conversation], actorUserId, now);
  return event!;
}

/** The same for each conversation of a bulk assignment's chunk: one lookup of names, one INSERT. */
export async function assignmentLines(trx: Trx, conversations: Conversation[], actorUserId: number, now: Date): Promise<LoggedEvent[]> {
  if (conversations.length === 0) return [];
  const name = await userNames(trx, conversations[0]!.organization_id, [actorUserId, ...conversations.map((c) => c.assignee_id)]);
  const by = name(actorUserId);
  const textOf = (conversation: Conversation): ThreadText =>
    conversation.assignee_id === null
      ? { code: 'activity.unassigned', params: { by } }
      : conversation.assignee_id === actorUserId
        ? { code: 'activity.took', params: { by } }
        : { code: 'activity.assigned', params: { by, to: name(conversation.assignee_id) } };
  return activityLines(
    trx,
    conversations.map((conversation) => ({ conversation, text: textOf(conversation) })),
    now,
  );
}
