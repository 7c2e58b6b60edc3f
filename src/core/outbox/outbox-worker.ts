import { sql } from 'kysely';
import { channelOf } from '../../channels/registry.ts';
import type { PlatformFailure, SendResult } from '../../channels/types.ts';
import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import type { Channel, Message } from '../../db/schema.ts';
import { tryOpenCredentials } from '../channel-accounts/channel-credentials.ts';
import { platformCallContext } from '../channel-accounts/platform-call.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { applyStrandedReceipts } from './apply-stranded-receipts.ts';
import { buildOutboundMessage, type OutboundMediaResolver } from './build-outbound-message.ts';
import { readMessageMetadata } from './message-metadata.ts';
import { recordSendFailure, recordSendSuccess } from './record-send-outcome.ts';

/**
 * Sends pending replies. The `messages` rows are the outbox: a worker claims due rows with
 * `FOR UPDATE SKIP LOCKED` (so several instances share the work), marks them in flight, calls the
 * platform, and records `sent` or the failure. Within a conversation, replies go out in order: a
 * reply waits while an older one of the same thread is still pending.
 *
 * Delivery policy (at most once): a row still marked in flight after LEASE_MS means snorq stopped
 * during the platform call; it is never resent blindly but marked failed as DELIVERY_UNCERTAIN so
 * the agent decides. Retryable failures (429, 5xx, connection refused) are retried with
 * exponential backoff (1 s base, 30 s cap, MAX_ATTEMPTS in all).
 */
export const MAX_ATTEMPTS = 5;
export const LEASE_MS = 120_000;

export interface OutboxDeps {
  db: Db;
  config: Config;
  secretBox: SecretBox;
  resolveMedia: OutboundMediaResolver;
  log: { info(o: object, m: string): void; warn(o: object, m: string): void; error(o: object, m: string): void };
  pollMs?: number;
  concurrency?: number;
}

export interface OutboxWorker {
  start(): void;
  wake(): void;
  /** Send everything due now, then resolve (tests, CLI). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export function createOutboxWorker(deps: OutboxDeps): OutboxWorker {
  const concurrency = deps.concurrency ?? 4;
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let wakeUp: (() => void) | undefined;
  let loop: Promise<void> | undefined;
  let busy: Promise<void> = Promise.resolve();

  const runOnce = async (): Promise<number> => {
    await markUncertain(deps.db);
    await applyStrandedReceipts(deps.db);
    const claimed = await claimDue(deps.db, concurrency);
    await Promise.all(claimed.map((m) => sendOne(deps, m).catch((err) => deps.log.error({ err, messageId: m.id }, 'outbox send crashed'))));
    return claimed.length;
  };
  const drain = async () => {
    const run = busy.then(async () => {
      while ((await runOnce()) > 0);
    });
    busy = run.catch(() => undefined);
    return run;
  };

  return {
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        while (running) {
          await drain().catch((err) => deps.log.error({ err }, 'outbox pass failed'));
          await new Promise<void>((resolve) => {
            wakeUp = resolve;
            timer = setTimeout(resolve, deps.pollMs ?? 1000);
          });
        }
      })();
    },
    wake: () => wakeUp?.(),
    drain,
    async stop() {
      running = false;
      clearTimeout(timer);
      wakeUp?.();
      await loop;
      await busy;
    },
  };
}

async function claimDue(db: Db, limit: number): Promise<Message[]> {
  return db
    .with('due', (qb) =>
      qb
        .selectFrom('messages as m')
        .innerJoin('channels as c', 'c.id', 'm.channel_id')
        .select('m.id')
        .where('m.status', '=', 'pending')
        .where('m.direction', '=', 'outbound')
        .where('m.is_private_note', '=', false)
        .where('m.sending_started_at', 'is', null)
        .where('m.next_attempt_at', '<=', sql<Date>`now()`)
        .where((eb) => eb.or([eb('c.send_paused_until', 'is', null), eb('c.send_paused_until', '<=', sql<Date>`now()`)]))
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('messages as older')
                .select('older.id')
                .whereRef('older.conversation_id', '=', 'm.conversation_id')
                .where('older.status', '=', 'pending')
                .where('older.direction', '=', 'outbound')
                .where('older.is_private_note', '=', false)
                .whereRef('older.id', '<', 'm.id'),
            ),
          ),
        )
        .orderBy('m.next_attempt_at')
        .orderBy('m.id')
        .limit(limit)
        .forUpdate('m')
        .skipLocked(),
    )
    .updateTable('messages')
    .set((eb) => ({ sending_started_at: sql<Date>`now()`, send_attempts: eb('send_attempts', '+', 1) }))
    .from('due')
    .whereRef('messages.id', '=', 'due.id')
    .returningAll('messages')
    .execute();
}

/** In flight for longer than the lease: snorq died mid-call. Uncertain, not resent. */
async function markUncertain(db: Db): Promise<void> {
  const stale = await db
    .selectFrom('messages')
    .select(['id'])
    .where('sending_started_at', '<', new Date(Date.now() - LEASE_MS))
    .where('status', '=', 'pending')
    .execute();
  for (const { id } of stale) {
    await recordSendFailure(db, id, {
      code: 'DELIVERY_UNCERTAIN',
      reason: 'snorq stopped while handing this reply to the platform; it may or may not have reached the customer. Check before sending it again.',
      retryable: false,
    });
  }
}

/**
 * A platform that sends to a conversation of its own (`api.conversationIdKey`): its id as the
 * customer's latest message carried it, read through the platform's metadata schema.
 */
async function platformConversationId(deps: OutboxDeps, platform: Channel['platform'], conversationId: number, key: string): Promise<string | undefined> {
  const row = await deps.db
    .selectFrom('messages')
    .select(['id', 'metadata'])
    .where('conversation_id', '=', conversationId)
    .where(sql<boolean>`metadata ? ${key}`)
    .orderBy('platform_timestamp', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  const read = readMessageMetadata(platform, row.metadata);
  const id = read.ok ? read.metadata[key] : undefined;
  if (typeof id === 'string') return id;
  deps.log.error({ messageId: row.id, platform, key, problem: read.ok ? `${key} is not text` : read.problem }, 'the platform conversation id in a message’s metadata is unreadable');
  return undefined;
}

async function sendOne(deps: OutboxDeps, message: Message): Promise<void> {
  const channel = await deps.db.selectFrom('channels').selectAll().where('id', '=', message.channel_id).executeTakeFirstOrThrow();
  const identity = await deps.db
    .selectFrom('conversations as c')
    .innerJoin('contact_identities as i', 'i.id', 'c.contact_identity_id')
    .select(['i.platform_user_id', 'c.id'])
    .where('c.id', '=', message.conversation_id)
    .executeTakeFirstOrThrow();
  const { credentials, problem } = tryOpenCredentials(deps.secretBox, channel);
  if (!credentials || channel.connection_state === 'needs_reconnect' || channel.connection_state === 'disconnected') {
    await recordSendFailure(deps.db, message.id, {
      code: 'TOKEN_EXPIRED',
      reason: problem ?? `The ${channel.display_name} channel needs reconnecting (its access was revoked or expired); reconnect it in Settings → Channels, then retry.`,
      retryable: false,
    });
    return;
  }
  const call = platformCallContext(deps.config, channel, credentials);
  const metadata = readMessageMetadata(channel.platform, message.metadata);
  if (!metadata.ok) {
    // Sending without the template or tag it was queued with would send something else than the agent asked for.
    deps.log.error({ messageId: message.id, channelId: channel.id, platform: channel.platform, problem: metadata.problem }, 'a reply’s stored metadata is unreadable; not sent');
    await recordSendFailure(deps.db, message.id, {
      code: 'UNKNOWN_PLATFORM_ERROR',
      reason: `snorq could not read this reply’s stored details (${metadata.problem}); it was not sent.`,
      retryable: false,
    });
    return;
  }
  const outbound = await buildOutboundMessage(deps, channel, identity.platform_user_id, message, metadata.metadata);
  const api = channelOf(channel.platform).api;
  if (api.conversationIdKey && !outbound.conversationId) outbound.conversationId = await platformConversationId(deps, channel.platform, message.conversation_id, api.conversationIdKey);
  let result: SendResult;
  try {
    result = await api.send(call, outbound);
  } catch (err) {
    // An adapter bug, not a platform answer: whether the platform got the request is unknown.
    deps.log.error({ err, messageId: message.id, platform: channel.platform }, 'send adapter threw');
    result = {
      ok: false,
      failure: { code: 'UNKNOWN_PLATFORM_ERROR', reason: 'snorq could not complete the send; it may or may not have reached the customer.', retryable: false, maybeDelivered: true },
    };
  }
  const log = { messageId: message.id, channelId: channel.id, platform: channel.platform };
  if (result.ok) {
    await recordSendSuccess(deps.db, message, result.externalId, result.extraExternalIds ?? []);
    deps.log.info({ ...log, externalId: result.externalId }, 'reply sent');
  } else {
    const f: PlatformFailure = result.failure.maybeDelivered
      ? { ...result.failure, code: 'DELIVERY_UNCERTAIN', reason: `${result.failure.reason} The reply may or may not have reached the customer; check before sending it again.` }
      : result.failure;
    const retry = f.retryable && !f.maybeDelivered && message.send_attempts < MAX_ATTEMPTS;
    const delay = f.retryAfterMs ?? Math.min(30_000, 1000 * 2 ** (message.send_attempts - 1)) * (0.8 + Math.random() * 0.4);
    await recordSendFailure(deps.db, message.id, f, retry ? new Date(Date.now() + delay) : undefined, channel.id);
    deps.log.warn({ ...log, code: f.code, platformCode: f.platformCode, retry }, 'reply not sent');
  }
}
