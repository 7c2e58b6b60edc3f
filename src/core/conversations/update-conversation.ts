import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/in-transaction.ts';
import type { ConversationStatus, ConversationUpdate, Priority } from '../../db/schema.ts';
import { appendEvents } from '../events/event-log.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { ensureLabels } from '../labels/manage-labels.ts';
import { assignmentLine } from './activity-line.ts';
import { conversationFieldsDto } from './dto.ts';

export interface ConversationChanges {
  status?: ConversationStatus;
  /** With status 'snoozed': until when, or null for "until the customer writes again" (their next message reopens it). */
  snoozedUntil?: Date | null;
  priority?: Priority;
  assigneeId?: number | null;
  labels?: string[];
}

/**
 * Assign, change status, snooze, prioritise, label: one change, one `conversation:updated`. An
 * agent's change of the assignee (`actorUserId`) is also a line in the thread ("Ana assigned this
 * to Ben"); a rule's (no actor) is said by the rule's own line (src/core/automation/run-rules.ts).
 */
export async function updateConversation(db: Db, organizationId: number, conversationId: number, changes: ConversationChanges, actorUserId: number | null = null) {
  const set = await conversationSet(db, organizationId, changes);
  return inTransaction(db, async (trx) => {
    // The assignee before, so that the event says when this change handed the conversation to someone new (notifications).
    const before =
      changes.assigneeId !== undefined
        ? await trx.selectFrom('conversations').select('assignee_id').where('id', '=', conversationId).where('organization_id', '=', organizationId).forUpdate().executeTakeFirst()
        : undefined;
    const row = await trx
      .updateTable('conversations')
      .set(set)
      .where('id', '=', conversationId)
      .where('organization_id', '=', organizationId)
      .where(staysClosedIfErased(set))
      .returningAll()
      .executeTakeFirst();
    if (!row) {
      const exists = await trx.selectFrom('conversations').select('id').where('id', '=', conversationId).where('organization_id', '=', organizationId).executeTakeFirst();
      if (!exists) throw notFound('conversation');
      throw new AppError('CONFLICT', 'this contact was erased; their conversations are closed for good');
    }
    // A name typed in the inbox becomes an organisation label, so the labels page lists every one in use.
    if (set.labels) await ensureLabels(trx, organizationId, set.labels);
    const conversation = conversationFieldsDto(row);
    const assigned = before !== undefined && row.assignee_id !== null && before.assignee_id !== row.assignee_id;
    const reassigned = before !== undefined && before.assignee_id !== row.assignee_id && actorUserId !== null;
    await appendEvents(trx, organizationId, [
      { type: 'conversation:updated', payload: { conversation, ...(assigned ? { assignedBy: actorUserId } : {}) } },
      ...(reassigned ? [await assignmentLine(trx, row, actorUserId, new Date())] : []),
    ]);
    return conversation;
  });
}

/**
 * The columns a change sets, by the rules every way of changing conversations shares (one
 * conversation here, many in bulk-update-conversations.ts): snoozing needs a time to come (or
 * null: until the customer's next message, which reopens any snoozed thread as it is stored, see
 * snorq_touch_conversation; the wake job passes over a null time) and any other status ends the snooze; the assignee is an enabled user of the organisation; labels are
 * trimmed and kept once each.
 */
export async function conversationSet(db: Db, organizationId: number, changes: ConversationChanges): Promise<ConversationUpdate> {
  if (changes.status === 'snoozed' && changes.snoozedUntil === undefined) {
    throw new AppError('VALIDATION_FAILED', 'snoozing needs snoozedUntil: a time, or null for until the customer writes again');
  }
  // A minute's grace for the clock of the agent's machine; further back is a mistake, not a snooze.
  if (changes.status === 'snoozed' && changes.snoozedUntil && changes.snoozedUntil.getTime() < Date.now() - 60_000) {
    throw new AppError('VALIDATION_FAILED', 'snoozedUntil is in the past: choose a time to come');
  }
  if (changes.assigneeId) {
    const user = await db.selectFrom('users').select('id').where('id', '=', changes.assigneeId).where('organization_id', '=', organizationId).where('disabled_at', 'is', null).executeTakeFirst();
    if (!user) throw new AppError('VALIDATION_FAILED', 'the assignee is not a user of this organisation');
  }
  const set: ConversationUpdate = { updated_at: new Date() };
  if (changes.status) {
    set.status = changes.status;
    set.snoozed_until = changes.status === 'snoozed' ? (changes.snoozedUntil ?? null) : null;
  }
  if (changes.priority) set.priority = changes.priority;
  if (changes.assigneeId !== undefined) set.assignee_id = changes.assigneeId;
  if (changes.labels) set.labels = normalizeLabels(changes.labels);
  return set;
}

/**
 * An erased contact's conversations are closed for good (erase-contact.ts): nobody to answer, no
 * message left. Opening or snoozing one again is refused (bulk actions pass over them); other
 * changes (labels, priority, assignee) are harmless and allowed.
 */
export function staysClosedIfErased(set: ConversationUpdate): Expression<SqlBool> {
  if (set.status === undefined || set.status === 'resolved') return sql<SqlBool>`true`;
  return sql<SqlBool>`not exists (select 1 from contacts p where p.id = conversations.contact_id and p.erased_at is not null)`;
}

/** Labels as stored: trimmed, no empty one, each once. */
export function normalizeLabels(labels: string[]): string[] {
  return [...new Set(labels.map((l) => l.trim()).filter(Boolean))];
}

/** Snoozed conversations whose time has come are open again (run periodically). */
export async function wakeSnoozedConversations(db: Db, now = new Date()): Promise<number> {
  const woken = await db
    .updateTable('conversations')
    .set({ status: 'open', snoozed_until: null, updated_at: now })
    .where('status', '=', 'snoozed')
    .where('snoozed_until', '<=', now)
    .returningAll()
    .execute();
  for (const row of woken) {
    await db.transaction().execute((trx) => appendEvents(trx, row.organization_id, [{ type: 'conversation:updated', payload: { conversation: conversationFieldsDto(row) } }]));
  }
  return woken.length;
}
