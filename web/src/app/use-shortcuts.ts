import { useEffect, useRef } from 'react';
import { shortcutFor, type ShortcutAction } from '../lib/shortcuts.ts';

/**
 * Keyboard shortcuts (the list is data: lib/shortcuts.ts): a key press anywhere on the page runs
 * the handler of its action, unless it is typed into a field or has a modifier. Handlers are
 * read at the press, so callers may pass a new object on every render.
 */
export function useShortcuts(handlers: Partial<Record<ShortcutAction, () => void>>): void {
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const action = shortcutFor(e);
      const handler = action && current.current[action];
      if (!handler) return;
      e.preventDefault();
      handler();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
