import { setImmediate as yieldToOtherWork } from 'node:timers/promises';
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Conversation, ConversationUpdate, Database, Priority } from '../../db/schema.ts';
import { appendEvents, type LoggedEvent } from '../events/event-log.ts';
import { AppError } from '../errors/app-error.ts';
import { ensureLabels } from '../labels/manage-labels.ts';
import { assignmentLines } from './activity-line.ts';
import { conversationFieldsDto } from './dto.ts';
import { channelsOfPlatform, whereConversationsMatch, type ConversationFilter } from './list-conversations.ts';
import { readConversationsIn } from './mark-conversation-read.ts';
import { conversationSet, normalizeLabels, staysClosedIfErased, type ConversationChanges } from './update-conversation.ts';

/** Conversations changed per transaction: short row locks, and other requests run between chunks. */
export const BULK_CHUNK_SIZE = 500;

export type BulkAction =
  | { action: 'mark_read' }
  | { action: 'mark_unread' }
  | { action: 'resolve' }
  | { action: 'reopen' }
  | { action: 'snooze'; snoozedUntil: Date }
  | { action: 'assign'; assigneeId: number | null }
  | { action: 'label'; label: string }
  | { action: 'unlabel'; label: string }
  | { action: 'set_priority'; priority: Priority };

/** A selection's ids, or everything the list shows under a filter. */
export type BulkTarget = { ids: number[] } | { filter: Omit<ConversationFilter, 'conversationIds' | 'limit' | 'cursor'> };

export interface BulkOptions {
  chunkSize?: number;
  /** After each committed chunk (its events appended): how far the action has come. Awaited. */
  onChunk?: (progress: { chunks: number; changed: number }) => void | Promise<void>;
}

type Principal = { organizationId: number; userId: number };
/** Changes one chunk's (locked) conversations; returns the rows that changed and their events. */
type ChunkChange = (trx: Transaction<Database>, ids: number[]) => Promise<LoggedEvent[]>;

/**
 * One action over many conversations: in chunks of 500 by id, each chunk one transaction that
 * picks its rows with the list's own filter (FOR UPDATE, so they still match when changed),
 * changes those the action changes, and appends one `conversation:updated` per changed
 * conversation. Between chunks the event loop runs other work, so 10,000 conversations never
 * hold one long transaction or starve other requests. The rules are the single-conversation
 * ones (update-conversation.ts, mark-conversation-read.ts). Answers how many changed.
 */
export async function bulkUpdateConversations(db: Db, principal: Principal, target: BulkTarget, action: BulkAction, options: BulkOptions = {}): Promise<{ changed: number }> {
  if ('ids' in target && target.ids.length === 0) return { changed: 0 };
  const filter: ConversationFilter = 'ids' in target ? { conversationIds: target.ids } : { ...target.filter, conversationIds: undefined, limit: undefined, cursor: undefined };
  const channelIds = await channelsOfPlatform(db, principal.organizationId, filter);
  if (channelIds?.length === 0) return { changed: 0 };
  // Checked once, before any chunk: a wrong assignee or an empty label changes nothing.
  const change = await chunkChange(db, principal, action);
  const chunkSize = options.chunkSize ?? BULK_CHUNK_SIZE;
  let after = 0;
  let changed = 0;
  let chunks = 0;
  for (;;) {
    const { ids, events } = await retryOnDeadlock(() =>
      db.transaction().execute(async (trx) => {
        const picked = await whereConversationsMatch(trx.selectFrom('conversations as c').select('c.id'), principal, filter, channelIds)
          .where('c.id', '>', after)
          .orderBy('c.id')
          .limit(chunkSize)
          .forUpdate()
          .execute();
        const chunkIds = picked.map((r) => r.id);
        const chunkEvents = chunkIds.length ? await change(trx, chunkIds) : [];
        await appendEvents(trx, principal.organizationId, chunkEvents);
        return { ids: chunkIds, events: chunkEvents };
      }),
    );
    if (ids.length === 0) break;
    // Each changed conversation's own event (an assignment's thread line is another event of it).
    changed += events.filter((e) => e.type === 'conversation:updated').length;
    chunks += 1;
    await options.onChunk?.({ chunks, changed });
    if (ids.length < chunkSize) break;
    after = ids.at(-1)!;
    await yieldToOtherWork();
  }
  return { changed };
}

/** What the action does to one chunk, validated up front. */
async function chunkChange(db: Db, principal: Principal, a: BulkAction): Promise<ChunkChange> {
  const { organizationId } = principal;
  switch (a.action) {
    case 'mark_read':
      return async (trx, ids) => (await readConversationsIn(trx, organizationId, ids)).map(({ row, readMessageIds }) => updated(row, readMessageIds));
    case 'mark_unread':
      // Messages already read stay read (the customer may have seen the receipt); the thread is
      // flagged unread with a count of one, as an agent's "come back to this".
      return async (trx, ids) =>
        (
          await trx
            .updateTable('conversations')
            .set({ unread_count: 1, updated_at: new Date() })
            .where('organization_id', '=', organizationId)
            .where('id', 'in', ids)
            .where('unread_count', '=', 0)
            .returningAll()
            .execute()
        ).map((row) => updated(row));
    case 'label':
    case 'unlabel':
      return labelChange(organizationId, a.action, a.label);
    default: {
      // As PATCH does: an event that hands a conversation to someone says who did (notifications),
      // and each conversation whose assignee changed gets its line in the thread.
      const set = await conversationSet(db, organizationId, changesOf(a));
      if (a.action !== 'assign') return fieldChange(organizationId, set, {});
      const lines = (trx: Transaction<Database>, rows: Conversation[]) => assignmentLines(trx, rows, principal.userId, new Date());
      return fieldChange(organizationId, set, a.assigneeId !== null ? { assignedBy: principal.userId } : {}, lines);
    }
  }
}

function changesOf(a: Exclude<BulkAction, { action: 'mark_read' | 'mark_unread' | 'label' | 'unlabel' }>): ConversationChanges {
  switch (a.action) {
    case 'resolve':
      return { status: 'resolved' };
    case 'reopen':
      return { status: 'open' };
    case 'snooze':
      return { status: 'snoozed', snoozedUntil: a.snoozedUntil };
    case 'assign':
      return { assigneeId: a.assigneeId };
    case 'set_priority':
      return { priority: a.priority };
  }
}

/**
 * Set the columns; only rows where one of them differs change (and are counted and pushed).
 * `lines`: a line in each changed conversation's thread (one INSERT for the chunk), each line's
 * event right after its conversation's.
 */
function fieldChange(
  organizationId: number,
  set: ConversationUpdate,
  extra: { assignedBy?: number },
  lines?: (trx: Transaction<Database>, rows: Conversation[]) => Promise<LoggedEvent[]>,
): ChunkChange {
  const differs = Object.entries(set)
    .filter(([column]) => column !== 'updated_at')
    .map(([column, value]) => sql<boolean>`${sql.ref(column)} is distinct from ${value}`);
  return async (trx, ids) => {
    const rows = await trx
      .updateTable('conversations')
      .set(set)
      .where('organization_id', '=', organizationId)
      .where('id', 'in', ids)
      .where(sql<boolean>`(${sql.join(differs, sql` or `)})`)
      .where(staysClosedIfErased(set))
      .returningAll()
      .execute();
    const lineEvents = lines ? await lines(trx, rows) : [];
    return rows.flatMap((row, i): LoggedEvent[] => [{ type: 'conversation:updated', payload: { conversation: conversationFieldsDto(row), ...extra } }, ...(lineEvents[i] ? [lineEvents[i]] : [])]);
  };
}

/** Add or remove one label, as PATCH stores labels (trimmed, each once). */
function labelChange(organizationId: number, action: 'label' | 'unlabel', raw: string): ChunkChange {
  const [label] = normalizeLabels([raw]);
  if (!label) throw new AppError('VALIDATION_FAILED', 'the label is empty');
  return async (trx, ids) => {
    const q = trx.updateTable('conversations').where('organization_id', '=', organizationId).where('id', 'in', ids);
    const rows =
      action === 'label'
        ? await q
            .set({ labels: sql`array_append(labels, ${label}::text)`, updated_at: new Date() })
            .where(sql<boolean>`not (${label} = any(labels))`)
            .returningAll()
            .execute()
        : await q
            .set({ labels: sql`array_remove(labels, ${label}::text)`, updated_at: new Date() })
            .where(sql<boolean>`${label} = any(labels)`)
            .returningAll()
            .execute();
    // Every label a conversation carries is an organisation label (src/core/labels).
    if (action === 'label' && rows.length > 0) await ensureLabels(trx, organizationId, [label]);
    return rows.map((row) => updated(row));
  };
}

function updated(row: Conversation, readMessageIds?: number[]): LoggedEvent {
  return { type: 'conversation:updated', payload: { conversation: conversationFieldsDto(row), ...(readMessageIds && { readMessageIds }) } };
}

/**
 * A chunk's row locks (id order) may meet an ingest batch's (channel/customer order) or another
 * bulk's: PostgreSQL ends one of them with a deadlock. The chunk changed nothing then; run it again.
 */
async function retryOnDeadlock<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      if (attempt >= 3 || (e as { code?: string }).code !== '40P01') throw e;
    }
  }
}
