import type { Message, MessageStatus } from '../api/types.ts';
import { nextStatus } from './ticks.ts';

/** Thread order: the platform's timestamp, then id (the server's order). */
export function compareMessages(a: Message, b: Message): number {
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp ? -1 : 1;
  return a.id - b.id;
}

/**
 * Merge messages into a thread by id: a page fetched while live events arrived, an optimistic
 * send and its echo, an edit. The common case, one newer message, appends without sorting.
 */
export function mergeMessages(existing: readonly Message[], incoming: readonly Message[]): Message[] {
  if (incoming.length === 0) return existing as Message[];
  const last = existing.at(-1);
  const only = incoming.length === 1 ? incoming[0]! : undefined;
  if (only && last && compareMessages(last, only) < 0 && !existing.some((m) => m.id === only.id)) return [...existing, only];
  const byId = new Map<number, Message>();
  for (const m of existing) byId.set(m.id, m);
  for (const m of incoming) {
    const had = byId.get(m.id);
    // A full message replaces the old one, but a delivery status never moves backwards.
    byId.set(m.id, had && had.status !== m.status && !(had.status === 'failed' && m.status === 'pending') ? { ...m, status: nextStatus(had.status, m.status) } : m);
  }
  return [...byId.values()].sort(compareMessages);
}

export interface StatusChange {
  messageId: number;
  status: MessageStatus;
  externalId?: string | null;
  errorCode?: string | null;
  errorReason?: string | null;
  errorDetail?: string | null;
}

/**
 * The message a reply quotes: `undefined` when it quotes none, `null` when the thread does not
 * hold it ("original message"). The server links the quote when it stores the reply; a reply to
 * one of our messages whose platform id was not recorded yet (the customer answered before the
 * platform's answer to our send was stored) is stored with the platform's id alone, and is found
 * here by that id once the send's `message:sent` has given it to the thread.
 */
export function quotedMessage(m: Message, byId: ReadonlyMap<number, Message>, byExternalId: ReadonlyMap<string, Message>): Message | null | undefined {
  if (m.replyToMessageId) return byId.get(m.replyToMessageId) ?? null;
  if (!m.replyToExternalId) return undefined;
  return byExternalId.get(externalKey(m.channelId, m.replyToExternalId)) ?? null;
}

/** A platform id is unique per channel: the key of `quotedMessage`'s second map. */
export function externalKey(channelId: number, externalId: string): string {
  return `${channelId}:${externalId}`;
}

/** A delivery status for one message (message:sent, message:status). Unknown ids change nothing. */
export function applyStatus(messages: readonly Message[], change: StatusChange): Message[] {
  const i = messages.findIndex((m) => m.id === change.messageId);
  if (i < 0) return messages as Message[];
  const m = messages[i]!;
  const status = nextStatus(m.status, change.status);
  if (status === m.status && !change.externalId) return messages as Message[];
  const updated: Message = {
    ...m,
    status,
    externalId: change.externalId ?? m.externalId,
    errorCode: status === 'failed' ? (change.errorCode ?? m.errorCode) : m.errorCode,
    errorReason: status === 'failed' ? (change.errorReason ?? m.errorReason) : m.errorReason,
    errorDetail: status === 'failed' ? (change.errorDetail ?? m.errorDetail) : m.errorDetail,
  };
  const next = messages.slice();
  next[i] = updated;
  return next;
}

/** Customer messages the agent has now read (conversation:updated's readMessageIds). */
export function markMessagesRead(messages: readonly Message[], ids: readonly number[]): Message[] {
  if (ids.length === 0) return messages as Message[];
  const set = new Set(ids);
  let changed = false;
  const next = messages.map((m) => {
    if (!set.has(m.id) || m.status === 'read') return m;
    changed = true;
    return { ...m, status: 'read' as const };
  });
  return changed ? next : (messages as Message[]);
}
