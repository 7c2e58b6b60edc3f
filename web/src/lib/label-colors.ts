/**
 * Label colours. The palette is the colour chooser's offer: each is dark enough for white text or
 * light enough for near-black text at WCAG AA (4.5:1), whichever `labelTextColor` picks. A colour
 * set through the API (any `#rrggbb`) gets the better of the two as well.
 */
export const LABEL_PALETTE = [
  { color: '#6b7280', name: 'grey' },
  { color: '#b91c1c', name: 'red' },
  { color: '#c2410c', name: 'orange' },
  { color: '#fbbf24', name: 'amber' },
  { color: '#15803d', name: 'green' },
  { color: '#0f766e', name: 'teal' },
  { color: '#1d4ed8', name: 'blue' },
  { color: '#6d28d9', name: 'violet' },
  { color: '#be185d', name: 'pink' },
  { color: '#a3e635', name: 'lime' },
  { color: '#7dd3fc', name: 'sky' },
  { color: '#f9a8d4', name: 'rose' },
] as const;

export const DARK_TEXT = '#111827';
export const LIGHT_TEXT = '#ffffff';

function channel(v: number): number {
  const s = v / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance (WCAG 2) of `#rrggbb`; null for anything else. */
export function luminance(hex: string): number | null {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return null;
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((x) => channel(parseInt(x, 16)));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

export function contrastRatio(a: string, b: string): number {
  const [la, lb] = [luminance(a) ?? 0, luminance(b) ?? 0];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** The text colour that reads best on the label's colour. */
export function labelTextColor(background: string): string {
  return contrastRatio(background, DARK_TEXT) >= contrastRatio(background, LIGHT_TEXT) ? DARK_TEXT : LIGHT_TEXT;
}

/** Inline style of a chip in the label's colour (a grey one for a name the organisation has no label for). */
export function labelStyle(color: string | undefined): { background: string; color: string } | undefined {
  if (!color || luminance(color) === null) return undefined;
  return { background: color, color: labelTextColor(color) };
}
