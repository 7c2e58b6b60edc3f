/**
 * Which conversations are ticked in the list, and the anchor a shift-click extends from (as in a
 * mail client: click one, shift-click another, everything between follows the second).
 */
export interface Selection {
  ids: ReadonlySet<number>;
  anchor: number | null;
}

export const NO_SELECTION: Selection = { ids: new Set(), anchor: null };

/**
 * Tick or untick `id`; with `range`, every row between the anchor and `id` (in the list's order)
 * takes the state `id` takes. An anchor no longer in the list makes it a plain click.
 */
export function toggleSelection(selection: Selection, id: number, range: boolean, order: readonly number[]): Selection {
  const next = new Set(selection.ids);
  const on = !next.has(id);
  const from = selection.anchor === null ? -1 : order.indexOf(selection.anchor);
  const to = order.indexOf(id);
  if (range && from >= 0 && to >= 0) {
    for (const rowId of order.slice(Math.min(from, to), Math.max(from, to) + 1)) {
      if (on) next.add(rowId);
      else next.delete(rowId);
    }
  } else if (on) next.add(id);
  else next.delete(id);
  return { ids: next, anchor: id };
}

/** Every row shown, or none when all are already ticked. */
export function toggleAllVisible(selection: Selection, order: readonly number[]): Selection {
  const all = order.length > 0 && order.every((id) => selection.ids.has(id));
  return all ? NO_SELECTION : { ids: new Set(order), anchor: selection.anchor };
}

/** Rows that left the list (another filter, a refetch) are not acted on unseen. */
export function keepVisible(selection: Selection, order: readonly number[]): Selection {
  const visible = new Set(order);
  if ([...selection.ids].every((id) => visible.has(id))) return selection;
  return { ids: new Set([...selection.ids].filter((id) => visible.has(id))), anchor: selection.anchor !== null && visible.has(selection.anchor) ? selection.anchor : null };
}
