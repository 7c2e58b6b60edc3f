/**
 * Who a private note names with `@`: a user is named by their name (`@Ana Lopez`), their name
 * without spaces (`@AnaLopez`) or their email's local part (`@ana.lopez`), in any case. At each
 * `@` the longest handle that matches wins, so `@Ana Lopez` names Ana Lopez and not also an Ana.
 * A handle must end where a word ends (`@anastasia` does not name Ana).
 */
export function findMentions(text: string, users: readonly { id: number; name: string; email: string }[]): number[] {
  const handles = users
    .flatMap((u) => {
      const name = u.name.trim().toLowerCase();
      return [name, name.replace(/\s+/g, ''), u.email.split('@')[0]!.toLowerCase()].filter((h) => h.length > 0).map((handle) => ({ handle, id: u.id }));
    })
    .sort((a, b) => b.handle.length - a.handle.length);
  const lower = text.toLowerCase();
  const found = new Set<number>();
  for (let at = lower.indexOf('@'); at !== -1; at = lower.indexOf('@', at + 1)) {
    // `ana@example.com` in a note is an address, not a mention.
    if (at > 0 && /[\p{L}\p{N}_.]/u.test(lower[at - 1]!)) continue;
    const rest = lower.slice(at + 1);
    const match = handles.find(({ handle }) => rest.startsWith(handle) && !/^[\p{L}\p{N}_]/u.test(rest.slice(handle.length)));
    if (match) found.add(match.id);
  }
  return [...found];
}
