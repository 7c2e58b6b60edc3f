import { sql } from 'kysely';
import { channelLastError } from '../channel-accounts/channel-last-error.ts';
import type { PlatformFailure } from '../../channels/types.ts';
import type { Db } from '../../db/database.ts';
import type { Message } from '../../db/schema.ts';
import { appendEvents } from '../events/event-log.ts';
import { applyEarlyStatuses } from '../ingest/apply-event.ts';
import { recomputeWaiting } from '../conversations/recompute-waiting.ts';

/**
 * The platform accepted the reply. Its echo may have arrived first and been stored as a message
 * of its own (the webhook raced the API answer): that copy is removed so the thread shows one.
 */
export async function recordSendSuccess(db: Db, message: Message, externalId: string, extraIds: string[]): Promise<void> {
  // The echo may still be uncommitted when we look for it; once it commits, our update collides
  // with it on the unique key. A second attempt sees it and removes it.
  for (let attempt = 1; ; attempt++) {
    try {
      return await storeSendSuccess(db, message, externalId, extraIds);
    } catch (e) {
      // 40P01: a deadlock with a receipt's batch over the thread's rows; that batch is retried on
      // its own path, this one simply again.
      if (attempt >= 3 || !['23505', '40P01'].includes((e as { code?: string }).code ?? '')) throw e;
    }
  }
}

async function storeSendSuccess(db: Db, message: Message, externalId: string, extraIds: string[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const ids = [externalId, ...extraIds];
    // The echoes of the parts take the same locks as they are stored (store-messages.sql): once
    // held, an echo that raced this send has committed and is seen below, or will see our aliases.
    await sql`select pg_advisory_xact_lock(snorq_external_id_lock(${message.channel_id}, id)) from unnest(${ids}::text[]) as id order by id`.execute(trx);
    const echoes = await trx
      .deleteFrom('messages')
      .where('channel_id', '=', message.channel_id)
      .where('external_id', 'in', ids)
      .where('is_echo', '=', true)
      .where('id', '!=', message.id)
      .returning(['id', 'conversation_id'])
      .execute();
    // Agents may already show the copy (its new:message went out): they are told to drop it, and
    // the thread's summary points at the reply instead.
    const removed = echoes.map((e) => ({ type: 'message:deleted' as const, payload: { messageId: e.id, conversationId: e.conversation_id, replacedBy: message.id } }));
    if (echoes.length > 0) {
      await trx
        .updateTable('conversations')
        .set({ last_message_id: message.id })
        .where('id', '=', message.conversation_id)
        .where(
          'last_message_id',
          'in',
          echoes.map((e) => e.id),
        )
        .execute();
    }
    const row = await trx
      .updateTable('messages')
      // `sent_at`: when this (accepted) call began, what a platform watermark is compared with.
      .set({
        status: 'sent',
        external_id: externalId,
        sent_at: sql<Date>`coalesce(sending_started_at, now())`,
        sending_started_at: null,
        next_attempt_at: null,
        error_code: null,
        error_reason: null,
        error_detail: null,
        updated_at: new Date(),
      })
      .where('id', '=', message.id)
      .where('status', '=', 'pending')
      .returning(['id', 'conversation_id', 'organization_id', 'status', 'external_id'])
      .executeTakeFirst();
    if (extraIds.length > 0) {
      await trx
        .insertInto('message_aliases')
        .values(extraIds.map((e) => ({ channel_id: message.channel_id, external_id: e, message_id: message.id })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    if (row) {
      // A customer who quoted this reply before its send was recorded (their answer overtook the
      // platform's answer to snorq) has a message that names it only by its platform id: linked
      // now. Such an answer is in this thread and at most moments old: the thread's index, read
      // over the last day (any clock's drift), not the whole table. One stored meanwhile waits for
      // this transaction's locks and finds the reply itself (store-messages.sql).
      await trx
        .updateTable('messages')
        .set({ reply_to_message_id: message.id })
        .where('conversation_id', '=', message.conversation_id)
        .where('platform_timestamp', '>=', sql<Date>`now() - interval '1 day'`)
        .where('channel_id', '=', message.channel_id)
        .where('reply_to_external_id', 'in', ids)
        .where('reply_to_message_id', 'is', null)
        .execute();
      const early = await applyEarlyStatuses(trx, message.channel_id, message.id, ids);
      await appendEvents(trx, row.organization_id, [
        ...removed,
        { type: 'message:sent', payload: { messageId: row.id, conversationId: row.conversation_id, externalId: row.external_id, status: 'sent' } },
        ...early,
      ]);
    } else {
      await appendEvents(trx, message.organization_id, removed);
    }
  });
}

/**
 * The platform refused, or could not be reached. With `retryAt` the reply stays pending (the
 * reason is kept so the agent sees why it waits); otherwise it is failed for good with a reason
 * the agent can read. A rate limit pauses the whole channel; a rejected token marks the channel
 * as needing reconnection.
 */
export async function recordSendFailure(db: Db, messageId: number, failure: PlatformFailure, retryAt?: Date, channelId?: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('messages')
      .set({
        status: retryAt ? 'pending' : 'failed',
        error_code: failure.code,
        error_reason: retryAt ? `${failure.reason} Retrying automatically.` : failure.reason,
        error_detail: failure.platformMessage ?? null,
        sending_started_at: null,
        next_attempt_at: retryAt ?? null,
        updated_at: new Date(),
      })
      .where('id', '=', messageId)
      .where('status', '=', 'pending')
      .returning(['id', 'conversation_id', 'organization_id', 'status', 'error_code', 'error_reason', 'error_detail'])
      .executeTakeFirst();
    if (channelId !== undefined && failure.retryAfterMs) {
      await trx
        .updateTable('channels')
        .set({ send_paused_until: new Date(Date.now() + failure.retryAfterMs) })
        .where('id', '=', channelId)
        .execute();
    }
    if (channelId !== undefined && failure.tokenInvalid) {
      await trx
        .updateTable('channels')
        .set({ connection_state: 'needs_reconnect', ...channelLastError(failure), last_error_at: new Date(), updated_at: new Date() })
        .where('id', '=', channelId)
        .execute();
    }
    if (row && !retryAt) {
      // The reply never reached the customer: they are waiting again.
      await recomputeWaiting(trx, row.conversation_id);
      await appendEvents(trx, row.organization_id, [
        {
          type: 'message:status',
          payload: { messageId: row.id, conversationId: row.conversation_id, status: 'failed', errorCode: row.error_code, errorReason: row.error_reason, errorDetail: row.error_detail },
        },
      ]);
    }
  });
}
