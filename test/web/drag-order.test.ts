import { describe, expect, it } from 'vitest';
import { dropIndex, reordered } from '../../web/src/pages/settings/automation/drag-order.ts';

/** Dragging rules into a new order (web/src/pages/settings/automation/drag-order.ts): where a drop lands. */
describe('drag order', () => {
  it('moves one item to a new place, keeping the others in order', () => {
    expect(reordered([1, 2, 3, 4], 0, 2)).toEqual([2, 3, 1, 4]);
    expect(reordered([1, 2, 3, 4], 3, 0)).toEqual([4, 1, 2, 3]);
    expect(reordered([1, 2, 3, 4], 1, 1)).toEqual([1, 2, 3, 4]);
    // Past either end: at that end.
    expect(reordered([1, 2, 3], 0, 9)).toEqual([2, 3, 1]);
  });

  it('drops where the pointer passed the middles of the other items', () => {
    // Items 40 px tall, middles at 20, 60, 100, 140; dragging the first.
    const middles = [20, 60, 100, 140];
    expect(dropIndex(10, middles, 0)).toBe(0);
    expect(dropIndex(59, middles, 0)).toBe(0);
    expect(dropIndex(61, middles, 0)).toBe(1);
    expect(dropIndex(500, middles, 0)).toBe(3);
    // Dragging the last one up above the second's middle.
    expect(dropIndex(50, middles, 3)).toBe(1);
    expect(reordered([1, 2, 3, 4], 3, dropIndex(50, middles, 3))).toEqual([1, 4, 2, 3]);
  });
});
