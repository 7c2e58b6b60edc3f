import { CANNED_VARIABLES, fillCannedVariables, type CannedValues } from '../../../lib/canned-variables.ts';

/** The server's bounds (src/contract/canned-responses.ts), checked here before sending. */
export const SHORTCUT_PATTERN = /^[a-z0-9_-]{1,40}$/;
export const CONTENT_MAX = 4000;

export interface CannedDraft {
  shortcut: string;
  content: string;
}

/** What is wrong with a draft, per field (keys of the `settings-canned` namespace's `errors`). */
export interface CannedProblems {
  shortcut?: 'shortcutRequired' | 'shortcutFormat';
  content?: 'contentRequired' | 'contentTooLong';
}

/** The shortcut as it is stored: without the `/` people type before it out of habit. */
export function normaliseShortcut(shortcut: string): string {
  return shortcut.trim().replace(/^\/+/, '');
}

export function problemsOf(draft: CannedDraft): CannedProblems {
  const problems: CannedProblems = {};
  const shortcut = normaliseShortcut(draft.shortcut);
  if (!shortcut) problems.shortcut = 'shortcutRequired';
  else if (!SHORTCUT_PATTERN.test(shortcut)) problems.shortcut = 'shortcutFormat';
  if (!draft.content.trim()) problems.content = 'contentRequired';
  else if (draft.content.length > CONTENT_MAX) problems.content = 'contentTooLong';
  return problems;
}

/** Every known variable with a value, so whatever `fillCannedVariables` leaves is one it does not know. */
const ALL_KNOWN = Object.fromEntries(CANNED_VARIABLES.map((v) => [v, 'x'])) as CannedValues;

/**
 * The `{{…}}` of the text the composer will not fill (a typo such as `{{contact.nmae}}`, or a
 * placeholder meant for the agent), each once, as written.
 */
export function unknownVariables(text: string): string[] {
  return [...new Set(fillCannedVariables(text, ALL_KNOWN).unfilled)];
}

/** The text with `insert` put where the selection was, and where the caret goes after it. */
export function insertAt(text: string, start: number, end: number, insert: string): { text: string; caret: number } {
  return { text: text.slice(0, start) + insert + text.slice(end), caret: start + insert.length };
}
