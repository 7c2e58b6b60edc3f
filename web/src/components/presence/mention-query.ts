/** The `@name` being typed just before the caret, if any: where its `@` is and what follows it. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at === -1) return null;
  // An address (ana@example.com) is not a mention: the @ starts a word.
  if (at > 0 && !/\s/.test(before.charAt(at - 1))) return null;
  const query = before.slice(at + 1);
  // A name may have a space in it (Ana Lopez), but not a line break, and it is short.
  if (query.includes('\n') || query.length > 40) return null;
  return { start: at, query };
}

/** The agents whose name (or a word of it) starts with the query, case-insensitive; at most `limit`. */
export function matchAgents<T extends { id: number; name: string }>(agents: readonly T[], query: string, meId: number, limit = 6): T[] {
  const q = query.toLowerCase();
  return agents
    .filter((a) => a.id !== meId)
    .filter((a) => {
      const name = a.name.toLowerCase();
      return name.startsWith(q) || name.split(/\s+/).some((w) => w.startsWith(q));
    })
    .slice(0, limit);
}

/** The text with the `@query` at `start..caret` replaced by `@Name ` and where the caret goes. */
export function insertMention(text: string, start: number, caret: number, name: string): { text: string; caret: number } {
  const inserted = `@${name} `;
  return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length };
}

/** A note's text cut into plain parts and the `@Name`s of the agents it mentions (to highlight them). */
export function splitMentions(text: string, names: readonly string[]): { text: string; mention: boolean }[] {
  const sorted = [...names].filter((n) => n.trim()).sort((a, b) => b.length - a.length);
  const parts: { text: string; mention: boolean }[] = [];
  const lower = text.toLowerCase();
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '@' || (i > 0 && /[\p{L}\p{N}._-]/u.test(text[i - 1]!))) continue;
    const name = sorted.find((n) => lower.startsWith(`@${n.toLowerCase()}`, i) && !/[\p{L}\p{N}]/u.test(text.charAt(i + n.length + 1)));
    if (!name) continue;
    if (i > from) parts.push({ text: text.slice(from, i), mention: false });
    parts.push({ text: text.slice(i, i + name.length + 1), mention: true });
    from = i + name.length + 1;
    i = from - 1;
  }
  if (from < text.length) parts.push({ text: text.slice(from), mention: false });
  return parts;
}
