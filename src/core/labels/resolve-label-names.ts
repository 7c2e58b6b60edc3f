import type { Db } from '../../db/database.ts';
import { AppError } from '../errors/app-error.ts';

/**
 * The label names a change gives conversations, as the organisation spells them: "urgent" typed
 * where "Urgent" exists is "Urgent" (matched case-insensitively, so no near-duplicate label is
 * made by a typo in case). A name the organisation has no label for becomes one (ensureLabels)
 * only when the caller may add labels — admins; anyone else gets a 403 naming it, since adding
 * labels is managing them.
 */
export async function resolveLabelNames(db: Db, organizationId: number, names: readonly string[], options: { mayCreate: boolean }): Promise<string[]> {
  const wanted = names.map((n) => n.trim()).filter(Boolean);
  if (wanted.length === 0) return [];
  const known = await db.selectFrom('labels').select('name').where('organization_id', '=', organizationId).execute();
  const byKey = new Map<string, string>();
  // Exact spellings first, so two labels differing only in case (made before this rule) both stay reachable.
  for (const { name } of known) byKey.set(name, name);
  for (const { name } of known) if (!byKey.has(name.toLowerCase())) byKey.set(name.toLowerCase(), name);
  const resolved = wanted.map((n) => byKey.get(n) ?? byKey.get(n.toLowerCase()) ?? null);
  const unknown = wanted.filter((_, i) => resolved[i] === null);
  if (unknown.length > 0 && !options.mayCreate) {
    throw new AppError('FORBIDDEN', `only an admin may add a new label: ${unknown.map((n) => `"${n}"`).join(', ')}`, {
      field: 'labels',
      unknown,
      reason: 'NEW_LABEL_ADMIN_ONLY',
      labels: unknown.join(', '),
    });
  }
  return [...new Set(wanted.map((n, i) => resolved[i] ?? n))];
}
