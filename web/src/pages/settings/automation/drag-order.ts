import { useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';

/** `ids` with the one at `from` moved to `to` (a new array). */
export function reordered<T>(ids: readonly T[], from: number, to: number): T[] {
  const out = [...ids];
  const [moved] = out.splice(from, 1);
  out.splice(Math.max(0, Math.min(to, out.length)), 0, moved!);
  return out;
}

/**
 * Where a dragged item goes for a pointer at `y`: the number of other items whose middle is above
 * the pointer (`middles`: each item's vertical middle as laid out when the drag began, in order).
 */
export function dropIndex(y: number, middles: readonly number[], from: number): number {
  return middles.filter((middle, i) => i !== from && middle < y).length;
}

export interface DragOrder {
  /** The order to show: the one being dragged into, else null (the saved one). */
  preview: number[] | null;
  /** The id being dragged. */
  dragging: number | null;
  /** Props for an item's handle. */
  handle: (id: number) => { onPointerDown: (e: ReactPointerEvent<HTMLElement>) => void };
}

/**
 * Dragging items of a list into a new order with pointer events — mouse, pen and touch alike (the
 * handle has `touch-action: none`, so a finger drags instead of scrolling). The items' places are
 * measured once when the drag begins (`[data-drag-id]` inside `list`); the order is previewed while
 * dragging and handed to `onDrop` once, on release, only when it changed. A cancelled pointer
 * (the system took the touch) puts everything back.
 *
 * The moves and the release are followed on the window, not on the handle: previewing the order
 * moves items in the page, and an element moved while it holds the pointer loses it (a finger
 * dragging down let go of the list half way).
 */
export function useDragOrder(ids: readonly number[], list: React.RefObject<HTMLElement | null>, onDrop: (order: number[], moved: number) => void): DragOrder {
  const [preview, setPreview] = useState<number[] | null>(null);
  const [dragging, setDragging] = useState<number | null>(null);
  const dropped = useRef(onDrop);
  dropped.current = onDrop;
  const handle = (id: number) => ({
    onPointerDown: (e: ReactPointerEvent<HTMLElement>) => {
      if (e.button !== 0 || !list.current || dragging !== null) return;
      e.preventDefault();
      const start = [...ids];
      const from = start.indexOf(id);
      const middles = [...list.current.querySelectorAll<HTMLElement>('[data-drag-id]')].map((el) => {
        const r = el.getBoundingClientRect();
        return r.top + r.height / 2;
      });
      const pointerId = e.pointerId;
      let order = start;
      const move = (ev: PointerEvent) => {
        if (ev.pointerId !== pointerId) return;
        const next = reordered(start, from, dropIndex(ev.clientY, middles, from));
        if (next.join() !== order.join()) {
          order = next;
          setPreview(next);
        }
      };
      const finish = (ev: PointerEvent) => {
        if (ev.pointerId !== pointerId) return;
        window.removeEventListener('pointermove', move);
        window.removeEventListener('pointerup', finish);
        window.removeEventListener('pointercancel', finish);
        setPreview(null);
        setDragging(null);
        if (ev.type === 'pointerup' && order.join() !== start.join()) dropped.current(order, id);
      };
      window.addEventListener('pointermove', move);
      window.addEventListener('pointerup', finish);
      window.addEventListener('pointercancel', finish);
      setDragging(id);
      setPreview(start);
    },
  });
  return { preview, dragging, handle };
}
