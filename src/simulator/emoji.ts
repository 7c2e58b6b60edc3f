/**
 * One emoji as a person picks it: a single grapheme (skin tones, ZWJ sequences and flags included)
 * that is pictographic, which is what the platforms' reaction calls take. The simulator keeps its
 * own copy rather than snorq's (src/text/one-emoji.ts): it stands for the platforms and imports nothing of snorq.
 */
export function isOneEmoji(value: string): boolean {
  const graphemes = [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(value)];
  return graphemes.length === 1 && /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(value);
}
