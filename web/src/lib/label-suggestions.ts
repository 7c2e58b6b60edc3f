/**
 * What the inbox's label field offers while a name is typed: the organisation's labels that match
 * (case-insensitively; those starting with the text first), never one the conversation already
 * carries. A name equal to an existing label but for case and the spaces around it ("VIP " beside
 * "vip") is that label: it is offered, first, and no new label is proposed beside it. A new label
 * is proposed only to whoever may create one (admins).
 */
export interface LabelOption {
  name: string;
  color: string;
}

export interface LabelSuggestions {
  /** Existing labels to choose from, best first. */
  matches: LabelOption[];
  /** The existing label this text names (but for case and spaces), if any. */
  exact: LabelOption | null;
  /** The new label's name to offer creating, or null. */
  create: string | null;
}

const key = (name: string) => name.trim().toLowerCase();

export function suggestLabels(all: readonly LabelOption[], carried: readonly string[], text: string, options: { mayCreate: boolean; limit?: number }): LabelSuggestions {
  const q = key(text);
  const has = new Set(carried.map(key));
  const free = all.filter((l) => !has.has(key(l.name)));
  const exact = all.find((l) => key(l.name) === q) ?? null;
  const starts = free.filter((l) => key(l.name).startsWith(q));
  const contains = free.filter((l) => !key(l.name).startsWith(q) && key(l.name).includes(q));
  // The exact one first, then the rest in the order they came (the server's: by name).
  const matches = [...starts, ...contains].sort((a, b) => Number(key(b.name) === q) - Number(key(a.name) === q)).slice(0, options.limit ?? 8);
  const create = options.mayCreate && q !== '' && exact === null ? text.trim() : null;
  return { matches, exact, create };
}

/** Whether the conversation already carries this name (but for case and spaces). */
export function carries(carried: readonly string[], name: string): boolean {
  return carried.some((c) => key(c) === key(name));
}
