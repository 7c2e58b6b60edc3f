import { channelOf } from '../../channels/registry.ts';
import type { ApiDone } from '../../channels/channel-definition.ts';
import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import type { Message, Reaction } from '../../db/schema.ts';
import { tryOpenCredentials } from '../channel-accounts/channel-credentials.ts';
import { platformCallContext } from '../channel-accounts/platform-call.ts';
import { messageDto } from '../conversations/dto.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { appendEvents } from '../events/event-log.ts';
import { currentReplyWindow } from '../reply-window/current-reply-window.ts';

/** A reaction call waits this long for the platform: the agent is looking at the message. */
const REACT_TIMEOUT_MS = 10_000;

export interface ReactionDeps {
  db: Db;
  config: Config;
  secretBox: SecretBox;
}

export interface ReactionInput {
  organizationId: number;
  userId: number;
  messageId: number;
  /** The emoji to show on the message; null removes the business's reaction. */
  emoji: string | null;
}

/**
 * An agent reacts to a customer's message (or takes the reaction back) on the platform, through
 * its definition's `api.react`. Checked first as a reply is: a platform without reactions, a
 * disconnected channel or a closed reply window answers 422 and calls nothing. The platform's
 * answer is kept on the message (the business has one reaction per message): taken, or refused
 * with its reason, which the agent reads beside the reaction. Announced as `message:updated`.
 */
export async function reactToMessage(deps: ReactionDeps, input: ReactionInput, now = new Date()): Promise<Message> {
  const row = await loadTarget(deps.db, input);
  const channel = channelOf(row.platform);
  const react = channel.api.react;
  if (!react) throw new AppError('UNPROCESSABLE', `${channel.ui.name} does not let a business react to messages`, { notSupported: 'reactions', platform: row.platform });
  if (row.connection_state !== 'connected') throw new AppError('UNPROCESSABLE', 'this channel is not connected; reconnect it to react');
  const window = await currentReplyWindow(deps.db, { id: row.conversation_id, platform: row.platform, lastInboundAt: row.last_inbound_at }, now);
  if (!window.allowed.includes('text')) throw new AppError('WINDOW_CLOSED', window.reason ?? 'a reaction cannot be sent in this conversation now', { window, needed: 'text' });
  const { credentials } = tryOpenCredentials(deps.secretBox, row);
  if (!credentials) throw new AppError('UNPROCESSABLE', 'the channel credentials cannot be read; reconnect the channel');
  const call = platformCallContext(deps.config, row, credentials, REACT_TIMEOUT_MS);
  const done = await react(call, { recipientId: row.platform_user_id, externalId: row.external_id!, emoji: input.emoji });
  return recordReaction(deps.db, input, done, now);
}

async function loadTarget(db: Db, input: ReactionInput) {
  const row = await db
    .selectFrom('messages as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .innerJoin('channels as ch', 'ch.id', 'm.channel_id')
    .innerJoin('contact_identities as i', 'i.id', 'c.contact_identity_id')
    .select(['m.id', 'm.direction', 'm.is_private_note', 'm.deleted_at', 'm.external_id', 'm.conversation_id', 'c.last_inbound_at', 'i.platform_user_id'])
    .select(['ch.platform', 'ch.external_account_id', 'ch.credentials_enc', 'ch.connection_state'])
    .where('m.id', '=', input.messageId)
    .where('m.organization_id', '=', input.organizationId)
    .executeTakeFirst();
  if (!row) throw notFound('message');
  if (row.direction !== 'inbound' || row.is_private_note) throw new AppError('UNPROCESSABLE', "only a customer's message can be reacted to");
  if (row.deleted_at || !row.external_id) throw new AppError('UNPROCESSABLE', 'this message is no longer on the platform');
  return row;
}

/**
 * Keep the platform's answer on the message, under its row lock (a customer's reaction may be
 * stored at the same moment): the business's one reaction replaced, removed, or marked failed.
 */
async function recordReaction(db: Db, input: ReactionInput, done: ApiDone, now: Date): Promise<Message> {
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('messages').selectAll().where('id', '=', input.messageId).forUpdate().executeTakeFirstOrThrow();
    const previous = current.reactions.find((r) => r.by !== 'customer');
    const others = current.reactions.filter((r) => r.by === 'customer');
    const by = String(input.userId);
    const at = now.toISOString();
    let mine: Reaction | undefined;
    if (done.ok) mine = input.emoji === null ? undefined : { by, emoji: input.emoji, at };
    // A refused removal leaves the reaction that is still on the platform, marked with why.
    else if (input.emoji === null) mine = previous && { ...previous, failed: { reason: done.failure.reason, removing: true } };
    else mine = { by, emoji: input.emoji, at, failed: { reason: done.failure.reason } };
    const reactions = mine ? [...others, mine] : others;
    const row = await trx
      .updateTable('messages')
      .set({ reactions: JSON.stringify(reactions), updated_at: now })
      .where('id', '=', current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendEvents(trx, input.organizationId, [{ type: 'message:updated', payload: { message: messageDto(row) } }]);
    return row;
  });
}
