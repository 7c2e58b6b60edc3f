import type { CannedResponse } from '../api/types.ts';
import { findPlaceholders } from './canned-variables.ts';

/** A "/shortcut" being typed: where its `/` is, where it ends (the caret), and what follows the `/`, lower-cased. */
export interface CannedTrigger {
  start: number;
  end: number;
  query: string;
}

/**
 * The "/shortcut" just before the caret, anywhere in the text: its `/` starts the text, a line or
 * a word (after a space), so "and/or", a path or a link (https://…) never open the menu.
 */
export function cannedQuery(text: string, caret = text.length): CannedTrigger | null {
  const before = text.slice(0, Math.max(0, Math.min(caret, text.length)));
  const m = /(?:^|\s)\/([\p{L}\p{N}_-]*)$/u.exec(before);
  if (!m) return null;
  return { start: before.length - m[1]!.length - 1, end: before.length, query: m[1]!.toLowerCase() };
}

/**
 * The text with the "/shortcut" replaced by a response, and what to select afterwards: the first
 * `{{variable}}` of the inserted response left to fill, else nothing (the caret after it).
 */
export function insertCanned(text: string, trigger: CannedTrigger, content: string): { text: string; select: [number, number] } {
  const next = text.slice(0, trigger.start) + content + text.slice(trigger.end);
  const first = findPlaceholders(content)[0];
  const after = trigger.start + content.length;
  return { text: next, select: first ? [trigger.start + first.start, trigger.start + first.end] : [after, after] };
}

/** Responses whose shortcut starts with the query (then contains it), at most `limit`. */
export function matchCanned(responses: readonly CannedResponse[], query: string, limit = 8): CannedResponse[] {
  const q = query.toLowerCase().replace(/^\//, '');
  const name = (r: CannedResponse) => r.shortcut.toLowerCase().replace(/^\//, '');
  const starts = responses.filter((r) => name(r).startsWith(q));
  const contains = responses.filter((r) => !name(r).startsWith(q) && name(r).includes(q));
  return [...starts, ...contains].slice(0, limit);
}
