/** What a keyboard shortcut does in the inbox. */
export type ShortcutAction = 'next' | 'previous' | 'reply' | 'note' | 'resolve' | 'assignToMe' | 'search' | 'help';

export interface Shortcut {
  /** `KeyboardEvent.key` as typed (so `?` whatever the layout puts it on). */
  key: string;
  action: ShortcutAction;
  /** What the shortcuts dialog says. */
  description: string;
}

/** The inbox's shortcuts, in the order the `?` dialog lists them. */
export const SHORTCUTS: readonly Shortcut[] = [
  { key: 'j', action: 'next', description: 'Next conversation' },
  { key: 'k', action: 'previous', description: 'Previous conversation' },
  { key: 'r', action: 'reply', description: 'Reply' },
  { key: 'n', action: 'note', description: 'Write a private note' },
  { key: 'e', action: 'resolve', description: 'Resolve the conversation' },
  { key: 'a', action: 'assignToMe', description: 'Assign the conversation to me' },
  { key: '/', action: 'search', description: 'Search' },
  { key: '?', action: 'help', description: 'Show these shortcuts' },
];

/**
 * Where a key is text being typed or another control's own, never a shortcut: fields, editable
 * content, open menus, and anything inside an open dialog (a modal dialog holds the focus; the
 * shortcuts are the page's behind it). Read from the DOM at the key press, not from the app's
 * state: a dialog closed by Escape is closed at once, its `close` event (and the state it sets)
 * may come after the next key.
 */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const el = target as HTMLElement;
  if (el.isContentEditable) return true;
  return el.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], [role="menu"], dialog[open]') !== null;
}

/** The shortcut a key press means, if any: no modifier but Shift (for `?`), not typed into a field. */
export function shortcutFor(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target' | 'defaultPrevented' | 'isComposing'>): ShortcutAction | null {
  if (e.defaultPrevented || e.isComposing || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return null;
  return SHORTCUTS.find((s) => s.key === e.key)?.action ?? null;
}

/** The conversation `step` rows away from the open one (the first when none is open), or null at an end. */
export function neighbour(order: readonly number[], current: number | null, step: 1 | -1): number | null {
  if (order.length === 0) return null;
  const at = current === null ? -1 : order.indexOf(current);
  if (at < 0) return order[0]!;
  return order[at + step] ?? null;
}
