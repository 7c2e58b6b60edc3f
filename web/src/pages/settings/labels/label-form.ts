/** The server's bound on a label name (src/contract/labels.ts). */
export const LABEL_NAME_MAX = 50;

/** What is wrong with a name before it is sent (a key of `settings-labels:errors`), or null. */
export function nameProblem(name: string): 'nameRequired' | 'nameTooLong' | null {
  const trimmed = name.trim();
  if (!trimmed) return 'nameRequired';
  if ([...trimmed].length > LABEL_NAME_MAX) return 'nameTooLong';
  return null;
}
