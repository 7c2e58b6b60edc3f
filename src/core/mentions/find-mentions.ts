import type { Db } from '../../db/database.ts';

export interface Mentionable {
  id: number;
  name: string;
}

/**
 * The agents a note names as `@Name` (their display name, case-insensitive, ended by anything
 * but a letter or digit, and not preceded by one). Longer names are tried first, so `@Ada Lovelace` is Ada Lovelace and
 * not an `@Ada` beside her. A name no agent has stays text. Each agent once, in order of id.
 */
export function parseMentions(text: string, agents: readonly Mentionable[]): number[] {
  const lower = text.toLowerCase();
  const found = new Set<number>();
  const taken: [number, number][] = [];
  for (const agent of [...agents].sort((a, b) => b.name.length - a.name.length)) {
    const needle = `@${agent.name.trim().toLowerCase()}`;
    if (needle.length < 2) continue;
    for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + 1)) {
      const end = at + needle.length;
      // Whole names, and not inside an e-mail address (mail@bob).
      if (/[\p{L}\p{N}]/u.test(lower.charAt(end)) || (at > 0 && /[\p{L}\p{N}._-]/u.test(lower.charAt(at - 1)))) continue;
      if (taken.some(([s, e]) => at < e && end > s)) continue;
      taken.push([at, end]);
      found.add(agent.id);
    }
  }
  return [...found].sort((a, b) => a - b);
}

/** The active users of the organisation a note mentions (another organisation's are never found). */
export async function findMentions(db: Db, organizationId: number, text: string | undefined): Promise<number[]> {
  if (!text?.includes('@')) return [];
  const agents = await db.selectFrom('users').select(['id', 'name']).where('organization_id', '=', organizationId).where('disabled_at', 'is', null).execute();
  return parseMentions(text, agents);
}
