/** Up to two letters for an avatar without a picture: "Ada Lovelace" → "AL", "+44 7700" → "#". */
export function initials(name: string | null | undefined): string {
  const words = (name ?? '')
    .trim()
    .split(/\s+/)
    .filter((w) => /\p{L}/u.test(w));
  if (words.length === 0) return (name ?? '').trim() ? '#' : '?';
  const first = [...words[0]!].find((c) => /\p{L}/u.test(c)) ?? '';
  const last = words.length > 1 ? ([...words.at(-1)!].find((c) => /\p{L}/u.test(c)) ?? '') : '';
  return (first + last).toUpperCase();
}

/** A stable hue per contact, so avatars are told apart at a glance. */
export function avatarHue(seed: string | number): number {
  let h = 0;
  for (const c of String(seed)) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % 360;
}
