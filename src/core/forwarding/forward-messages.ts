import { channelOf } from '../../channels/registry.ts';
import type { TextLimit } from '../../text/text-limits.ts';
import type { Db } from '../../db/database.ts';
import type { MediaItem, Message } from '../../db/schema.ts';
import { inTransaction } from '../../db/in-transaction.ts';
import { describeLimit, measureText } from '../../text/text-limits.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import type { MediaStore } from '../media/media-store.ts';
import { copyStoredOggAsWav } from '../media/store-voice-note-wav.ts';
import { queueReply, type ReplyInput } from '../outbox/queue-reply.ts';
import { currentReplyWindow } from '../reply-window/current-reply-window.ts';
import { optionFor } from '../reply-window/reply-window.ts';

export interface ForwardInput {
  organizationId: number;
  userId: number;
  /** The messages to forward, sent in thread order (by their time on the platform). */
  messageIds: number[];
  /** The conversation they go to, on any platform. */
  conversationId: number;
}

type Outbound = NonNullable<ReplyInput['media']>;

/**
 * Forward messages to another conversation, on any platform: each becomes a reply there (text,
 * and its attachment re-sent from snorq's stored copy through the outbox), keeping "forwarded from
 * <platform>, <contact>" in its metadata. Everything is checked before anything is queued: the
 * sources (this organisation's, not notes, something to send, attachments stored and of a type the
 * target platform takes) and the target's reply window (422 WINDOW_CLOSED with the options, as a
 * reply), so a selection is forwarded whole or not at all.
 */
export async function forwardMessages(deps: { db: Db; store?: MediaStore }, input: ForwardInput, now = new Date()): Promise<Message[]> {
  const { db } = deps;
  const target = await db
    .selectFrom('conversations as c')
    .innerJoin('channels as ch', 'ch.id', 'c.channel_id')
    .select(['c.id', 'c.last_inbound_at', 'ch.platform'])
    .where('c.id', '=', input.conversationId)
    .where('c.organization_id', '=', input.organizationId)
    .executeTakeFirst();
  if (!target) throw notFound('conversation');
  const sources = await loadSources(db, input);
  const definition = channelOf(target.platform);
  const prepared = sources.map((source) => prepare(source, { accepts: definition.api.mediaTypes, name: definition.ui.name, platform: target.platform, limit: definition.policy.textLimit }));
  const window = await currentReplyWindow(db, { id: target.id, platform: target.platform, lastInboundAt: target.last_inbound_at }, now);
  for (const p of prepared) {
    const option = optionFor({ hasMedia: !!p.media });
    if (!window.allowed.includes(option)) throw new AppError('WINDOW_CLOSED', window.reason ?? `a ${option} message cannot be sent in this conversation now`, { window, needed: option });
  }
  // A platform that caps the messages of a window (TikTok) would take the first few and refuse the rest.
  if (window.remainingMessages !== undefined && prepared.length > window.remainingMessages) {
    throw new AppError('WINDOW_CLOSED', `only ${window.remainingMessages} more messages can be sent in this window; ${prepared.length} were to be forwarded`, {
      window,
      needed: optionFor({ hasMedia: !!prepared[0]?.media }),
      count: prepared.length,
    });
  }
  const converted = deps.store && definition.api.voiceNoteType === 'audio/wav' ? await Promise.all(prepared.map((p) => asWavIfOgg(deps.store!, p, input.organizationId))) : prepared;
  const copies = converted.flatMap((p, i) => (p.media && p.media !== prepared[i]!.media ? [p.media.storageKey] : []));
  // One transaction: should a reply still be refused when queued (another agent's reply used the
  // window's last message meanwhile), none of the selection is queued.
  return inTransaction(db, async (trx) => {
    const queued: Message[] = [];
    for (const p of converted) {
      const { message } = await queueReply(trx, { organizationId: input.organizationId, userId: input.userId, conversationId: target.id, content: p.text, media: p.media, forwardedFrom: p.from }, now);
      queued.push(message);
    }
    return queued;
  }).catch(async (err: unknown) => {
    // Nothing was queued: the WAV copies made for it would be orphans.
    await Promise.all(copies.map((key) => deps.store!.remove(key)));
    throw err;
  });
}

type Prepared = ReturnType<typeof prepare>;

/**
 * A platform that takes no Ogg (Instagram: `voiceNoteType` audio/wav) gets a customer's Ogg/Opus
 * voice note from another platform as a WAV copy, as the composer's recordings are; the stored
 * original stays with its own message.
 */
async function asWavIfOgg(store: MediaStore, p: Prepared, organizationId: number): Promise<Prepared> {
  if (p.media?.type !== 'audio' || !/^audio\/(ogg|opus)\b/.test(p.media.mimeType)) return p;
  const filename = p.media.filename ? p.media.filename.replace(/\.(ogg|oga|opus)$/i, '') + '.wav' : 'voice-note.wav';
  const wav = await copyStoredOggAsWav(store, p.media.storageKey, { mimeType: 'audio/wav', organizationId, filename });
  return { ...p, media: { storageKey: wav.storageKey, type: 'audio', mimeType: 'audio/wav', filename, size: wav.size } };
}

async function loadSources(db: Db, input: ForwardInput) {
  const ids = [...new Set(input.messageIds)];
  const rows = await db
    .selectFrom('messages as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .innerJoin('channels as ch', 'ch.id', 'm.channel_id')
    .innerJoin('contacts as p', 'p.id', 'c.contact_id')
    .select(['m.id', 'm.content', 'm.media', 'm.is_private_note', 'm.deleted_at', 'm.platform_timestamp', 'ch.platform', 'p.display_name'])
    .where('m.id', 'in', ids)
    .where('m.organization_id', '=', input.organizationId)
    .orderBy('m.platform_timestamp')
    .orderBy('m.id')
    .execute();
  if (rows.length !== ids.length) throw notFound('message');
  return rows;
}

type Source = Awaited<ReturnType<typeof loadSources>>[number];

interface TargetRules {
  accepts: readonly Outbound['type'][];
  /** The platform's name, for the agent ("TikTok does not take file attachments"). */
  name: string;
  platform: string;
  limit: TextLimit;
}

/** One source as a reply: its text, its first attachment from the store, where it came from. */
function prepare(source: Source, target: TargetRules): { text?: string; media?: Outbound; from: { platform: string; contact: string; messageId: number } } {
  if (source.is_private_note) throw new AppError('UNPROCESSABLE', 'a private note stays with the team; it cannot be forwarded to a customer');
  if (source.deleted_at) throw new AppError('UNPROCESSABLE', 'this message was removed; there is nothing to forward');
  const item = source.media[0];
  const media = item ? storedCopy(item) : undefined;
  if (item && !media) throw new AppError('UNPROCESSABLE', 'the attachment of this message is not stored in snorq, so it cannot be forwarded');
  if (media && !target.accepts.includes(media.type)) throw new AppError('UNPROCESSABLE', `${target.name} does not take ${media.type} attachments`, { accepts: target.accepts });
  const text = source.content?.trim() ? source.content : (item?.caption ?? undefined);
  if (!text && !media) throw new AppError('UNPROCESSABLE', 'this message has no text or attachment to forward');
  // Checked here, as queueing would, so that a long message later in a selection refuses it whole.
  const measured = text ? measureText(target.limit, text) : undefined;
  if (measured?.tooLong) {
    throw new AppError('MESSAGE_TOO_LONG', `${target.platform} accepts at most ${describeLimit(measured)} in one message; message ${source.id} has ${measured.length}`, {
      platform: target.platform,
      limit: measured.max,
      unit: measured.unit,
      length: measured.length,
      messageId: source.id,
    });
  }
  return { text, media, from: { platform: source.platform, contact: source.display_name ?? '', messageId: source.id } };
}

/** The attachment as the outbox sends an upload: the stored copy, never the platform's link. */
function storedCopy(item: MediaItem): Outbound | undefined {
  if (item.state === 'failed' || item.state === 'pending' || !item.storageKey || !item.mimeType) return undefined;
  // A sticker goes out as the picture it is.
  const type = item.type === 'sticker' ? 'image' : item.type;
  return { storageKey: item.storageKey, type, mimeType: item.mimeType, ...(item.filename && { filename: item.filename }), ...(item.size !== undefined && { size: item.size }) };
}
