import { measureText, type TextLimit } from '../../../src/text/text-limits.ts';
import type { Message, ReplyWindow, SendOption } from '../api/types.ts';
import { isThreadNotice } from './thread-notice.ts';

/** The most messages one forward takes (the API's `messageIds` maximum). */
export const MAX_FORWARD = 20;

type OutboundType = 'image' | 'video' | 'audio' | 'file';

/** A message the Forward action is offered on: not a note or a removed message (the API refuses them), not a thread notice, and something to send. */
export function isForwardable(m: Message): boolean {
  if (m.isPrivateNote || m.deletedAt || isThreadNotice(m)) return false;
  return !!m.content?.trim() || m.media.length > 0;
}

/**
 * The selection with `id` added or taken out. Adding stops at MAX_FORWARD (`full`: the message
 * was not added), so the agent is told rather than a request refused.
 */
export function toggleSelection(selected: readonly number[], id: number): { selected: number[]; full: boolean } {
  if (selected.includes(id)) return { selected: selected.filter((x) => x !== id), full: false };
  if (selected.length >= MAX_FORWARD) return { selected: [...selected], full: true };
  return { selected: [...selected, id], full: false };
}

/** The selected messages in thread order (the thread is oldest first), whatever order they were picked in. */
export function inThreadOrder(thread: readonly Message[], ids: readonly number[]): Message[] {
  const wanted = new Set(ids);
  return thread.filter((m) => wanted.has(m.id));
}

/** Why one message cannot go to the target, as the API would answer (src/core/forwarding). */
export type ForwardRefusal =
  | { messageId: number; reason: 'notStored' }
  | { messageId: number; reason: 'typeRefused'; mediaType: OutboundType }
  | { messageId: number; reason: 'tooLong'; length: number; max: number; unit: TextLimit['unit'] }
  | { messageId: number; reason: 'nothing' };

/** What the target's platform takes: from GET /api/v1/platforms. */
export interface TargetPlatform {
  mediaTypes: readonly string[];
  textLimit: TextLimit;
}

/** What forwarding to one conversation would do, computed before anything is sent. */
export interface ForwardPlan {
  /** Each message as it would go: its text, its attachment's type. */
  items: { messageId: number; text: boolean; mediaType: OutboundType | null }[];
  refusals: ForwardRefusal[];
  /** The reply window does not allow what is needed: the WINDOW_CLOSED answer and what it still allows. */
  windowClosed: { needed: SendOption; allowed: SendOption[]; window: ReplyWindow } | null;
  /** The platform caps messages per window and fewer are left than would be sent. */
  overCap: { remaining: number; count: number } | null;
  ok: boolean;
}

/** The attachment a forward sends: the stored copy (a sticker as the picture it is), none when it is not stored. */
function outbound(m: Message): { type: OutboundType } | 'notStored' | null {
  const item = m.media[0];
  if (!item) return null;
  if (item.state !== 'stored' || !item.mimeType) return 'notStored';
  return { type: item.type === 'sticker' ? 'image' : item.type };
}

function planOne(m: Message, target: TargetPlatform): { item: ForwardPlan['items'][number] | null; refusal: ForwardRefusal | null } {
  const media = outbound(m);
  if (media === 'notStored') return { item: null, refusal: { messageId: m.id, reason: 'notStored' } };
  if (media && !target.mediaTypes.includes(media.type)) return { item: null, refusal: { messageId: m.id, reason: 'typeRefused', mediaType: media.type } };
  const text = m.content?.trim() ? m.content : (m.media[0]?.caption ?? null);
  if (!text && !media) return { item: null, refusal: { messageId: m.id, reason: 'nothing' } };
  const measured = text ? measureText(target.textLimit, text) : null;
  if (measured?.tooLong) return { item: null, refusal: { messageId: m.id, reason: 'tooLong', length: measured.length, max: measured.max, unit: measured.unit } };
  return { item: { messageId: m.id, text: !!text, mediaType: media ? media.type : null }, refusal: null };
}

/**
 * Forwarding `messages` (in thread order) to a conversation whose reply window is `window` on a
 * platform that takes `target`: the same checks the server makes (src/core/forwarding), so the
 * dialog shows a refusal beside the choice before the agent sends. The server checks again.
 */
export function forwardPlan(messages: readonly Message[], window: ReplyWindow, target: TargetPlatform): ForwardPlan {
  const items: ForwardPlan['items'] = [];
  const refusals: ForwardRefusal[] = [];
  for (const m of messages) {
    const one = planOne(m, target);
    if (one.item) items.push(one.item);
    if (one.refusal) refusals.push(one.refusal);
  }
  const needs: SendOption[] = [...new Set(items.map((i): SendOption => (i.mediaType ? 'media' : 'text')))];
  const needed = needs.find((o) => !window.allowed.includes(o));
  const windowClosed = needed ? { needed, allowed: window.allowed, window } : null;
  const remaining = window.remainingMessages;
  const overCap = !windowClosed && remaining !== undefined && messages.length > remaining ? { remaining, count: messages.length } : null;
  return { items, refusals, windowClosed, overCap, ok: messages.length > 0 && refusals.length === 0 && !windowClosed && !overCap };
}
