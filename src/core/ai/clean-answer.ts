import { textLength, type TextLimit } from '../../text/text-limits.ts';

/**
 * What a model answers is not trusted: reasoning models put their thinking in `<think>…</think>`,
 * some wrap the answer in quotes or prefix it ("Reply:"), some refuse, some send control
 * characters or nothing at all. These turn an answer into text an agent can edit, or say why
 * there is none. Nothing here is ever sent: the agent decides.
 */

/** The answer with thinking blocks removed; an unfinished block hides everything after it (it may still close). */
export function visibleText(raw: string): string {
  const closed = raw.replace(/<think>[\s\S]*?<\/think>/g, '');
  const open = closed.indexOf('<think>');
  return (open === -1 ? closed : closed.slice(0, open)).replace(/^\s+/, '');
}

// Control characters are exactly what this looks for.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD\uE000-\uF8FF]/g;

/** The answer as an agent would want it in the composer, or null when nothing usable is left. */
export function cleanAnswer(raw: string): string | null {
  let text = visibleText(raw).replace(CONTROL, '').replace(/\r\n?/g, '\n').trim();
  text = text.replace(/^(reply|answer|draft|response|summary|translation)\s*:\s*/i, '');
  const quoted = /^(["“„«'])([\s\S]*)(["”“»'])$/.exec(text);
  if (quoted) text = quoted[2]!.trim();
  return isGarbage(raw, text) ? null : text;
}

/** No letter or digit at all, or mostly characters no person types (a broken encoding, binary). */
function isGarbage(raw: string, text: string): boolean {
  if (!/[\p{L}\p{N}]/u.test(text)) return true;
  const junk = (raw.match(CONTROL) ?? []).length;
  return junk > 0 && junk / Math.max(raw.length, 1) > 0.1;
}

/**
 * A model declining the task instead of doing it ("I'm sorry, but I can't help with that", "As
 * an AI language model…"). A draft that apologises to the customer ("I'm sorry for the wait") is
 * not a refusal.
 */
export function looksLikeRefusal(text: string): boolean {
  return (
    /^(i['’]?m sorry|i am sorry|sorry)[,.!]?\s+(but\s+)?i\s+(can(no|['’])t|am unable|['’]m unable|won['’]?t|am not able)\b/i.test(text) ||
    /^as an ai( language model| assistant)?\b/i.test(text) ||
    /^i\s+(can(no|['’])t|am unable to|won['’]?t)\s+(help|assist|comply|do that|provide)/i.test(text)
  );
}

/**
 * The text cut to the platform's limit, counted as the platform counts: at the last sentence or
 * word end when one is near (within the last fifth), else exactly at the limit.
 */
export function cutToLimit(text: string, limit: TextLimit): { text: string; cut: boolean } {
  if (textLength(text, limit.unit) <= limit.max) return { text, cut: false };
  const chars = [...text];
  let end = 0;
  let length = 0;
  for (const ch of chars) {
    const next = length + textLength(ch, limit.unit);
    if (next > limit.max) break;
    length = next;
    end++;
  }
  const head = chars.slice(0, end).join('');
  const floor = Math.floor(head.length * 0.8);
  const sentence = Math.max(head.lastIndexOf('. '), head.lastIndexOf('! '), head.lastIndexOf('? '), head.lastIndexOf('\n'));
  if (sentence >= floor) return { text: head.slice(0, sentence + 1).trimEnd(), cut: true };
  const word = head.lastIndexOf(' ');
  return { text: (word >= floor ? head.slice(0, word) : head).trimEnd(), cut: true };
}
