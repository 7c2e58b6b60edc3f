import { describe, expect, it } from 'vitest';
import { keepVisible, NO_SELECTION, toggleAllVisible, toggleSelection } from '../../web/src/lib/selection.ts';
import { neighbour, shortcutFor } from '../../web/src/lib/shortcuts.ts';

const order = [50, 40, 30, 20, 10];
const ids = (s: { ids: ReadonlySet<number> }) => [...s.ids].sort((a, b) => b - a);

describe('the list selection', () => {
  it('ticks one row per click and a range with shift, in the list’s order either way', () => {
    let s = toggleSelection(NO_SELECTION, 40, false, order);
    s = toggleSelection(s, 10, true, order);
    expect(ids(s)).toEqual([40, 30, 20, 10]);
    // Shift-clicking a ticked row unticks the range from the new anchor.
    s = toggleSelection(s, 30, true, order);
    expect(ids(s)).toEqual([40]);
    expect(ids(toggleSelection(toggleSelection(NO_SELECTION, 20, false, order), 50, true, order))).toEqual([50, 40, 30, 20]);
  });

  it('is a plain click when nothing anchors the range', () => {
    expect(ids(toggleSelection(NO_SELECTION, 30, true, order))).toEqual([30]);
    expect(ids(toggleSelection({ ids: new Set([30]), anchor: 99 }, 10, true, order))).toEqual([30, 10]);
  });

  it('selects every visible row, or clears when all are ticked; forgets rows that left the list', () => {
    const all = toggleAllVisible(NO_SELECTION, order);
    expect(ids(all)).toEqual(order);
    expect(ids(toggleAllVisible(all, order))).toEqual([]);
    expect(ids(keepVisible(all, [50, 10]))).toEqual([50, 10]);
  });
});

describe('keyboard shortcuts', () => {
  const key = (k: string, extra: Partial<KeyboardEvent> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, target: null, defaultPrevented: false, isComposing: false, ...extra });
  it('maps the keys of the list', () => {
    expect(['j', 'k', 'r', 'n', 'e', 'a', '/', '?'].map((k) => shortcutFor(key(k)))).toEqual(['next', 'previous', 'reply', 'note', 'resolve', 'assignToMe', 'search', 'help']);
    expect(shortcutFor(key('x'))).toBeNull();
  });
  it('never fires with a modifier, while composing, or once handled', () => {
    expect(shortcutFor(key('j', { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(key('k', { metaKey: true }))).toBeNull();
    expect(shortcutFor(key('e', { isComposing: true }))).toBeNull();
    expect(shortcutFor(key('a', { defaultPrevented: true }))).toBeNull();
  });
  it('steps through the list from the open conversation', () => {
    expect(neighbour(order, null, 1)).toBe(50);
    expect(neighbour(order, 40, 1)).toBe(30);
    expect(neighbour(order, 40, -1)).toBe(50);
    expect(neighbour(order, 10, 1)).toBeNull();
    expect(neighbour([], null, 1)).toBeNull();
  });
});
