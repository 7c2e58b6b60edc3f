/**
 * One emoji as a person picks it: a single grapheme (skin tones, ZWJ sequences and flags included)
 * that is pictographic. A reaction is one of these; text, two emoji or an empty string are not.
 */
export function isOneEmoji(value: string): boolean {
  if (value.length === 0 || value.length > 32) return false;
  const graphemes = [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(value)];
  return graphemes.length === 1 && /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(value);
}
