import { describe, expect, it } from 'vitest';
import { contrastRatio, DARK_TEXT, LABEL_PALETTE, labelStyle, labelTextColor, LIGHT_TEXT } from '../../web/src/lib/label-colors.ts';

describe('label colours', () => {
  it('every colour of the palette carries its text at WCAG AA (4.5:1)', () => {
    for (const { color } of LABEL_PALETTE) expect(contrastRatio(color, labelTextColor(color)), color).toBeGreaterThanOrEqual(4.5);
  });

  it('picks dark text on light colours and white on dark ones, for any colour the API took', () => {
    expect(labelTextColor('#ffffff')).toBe(DARK_TEXT);
    expect(labelTextColor('#000000')).toBe(LIGHT_TEXT);
    expect(labelTextColor('#FBBF24')).toBe(DARK_TEXT);
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(labelStyle('not a colour')).toBeUndefined();
    expect(labelStyle('#1d4ed8')).toEqual({ background: '#1d4ed8', color: LIGHT_TEXT });
  });
});
