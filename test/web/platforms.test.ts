import { describe, expect, it } from 'vitest';
import { describePlatforms } from '../../src/core/channel-accounts/describe-platforms.ts';
import { platformTexture, textureMarks, TEXTURES, TILE } from '../../web/src/lib/chart-patterns.ts';
import { inPlatformOrder, NEUTRAL_COLOUR, platformColour, platformInitials, platformName } from '../../web/src/lib/platforms.ts';

// The list exactly as GET /api/v1/platforms serves it.
const platforms = describePlatforms();
const [first, second] = platforms;

describe('platforms from GET /api/v1/platforms', () => {
  it('names and colours come from the served list; an id it does not know gets the id and a neutral grey', () => {
    expect(platformName(platforms, first!.id)).toBe(first!.ui.name);
    expect(platformColour(platforms, first!.id)).toBe(first!.ui.colour);
    expect(platformName(platforms, 'carrier-pigeon')).toBe('carrier-pigeon');
    expect(platformColour(platforms, 'carrier-pigeon')).toBe(NEUTRAL_COLOUR);
    expect(platformName([], first!.id)).toBe(first!.id);
  });

  it('a badge without a glyph shows one or two initials', () => {
    expect(platformInitials('WhatsApp (Twilio)')).toBe('WT');
    expect(platformInitials('Signal')).toBe('S');
    expect(platformInitials('line')).toBe('L');
    expect(platformInitials('')).toBe('');
  });

  it('orders ids as the list does, unknown ones last, each once', () => {
    expect(inPlatformOrder(platforms, ['zzz', second!.id, first!.id, second!.id])).toEqual([first!.id, second!.id, 'zzz']);
  });
});

describe('chart textures (colour is not the only thing that tells platforms apart)', () => {
  it('gives every platform of the served list its own texture, and one it does not know the last', () => {
    const textures = platforms.map((p) => platformTexture(platforms, p.id));
    expect(new Set(textures).size).toBe(platforms.length);
    expect(platformTexture(platforms, 'carrier-pigeon')).toBe(TEXTURES.at(-1));
  });

  it('draws a mark for every texture but the plain one, each inside its tile', () => {
    for (const texture of TEXTURES) {
      const marks = textureMarks(texture);
      expect(marks.length > 0).toBe(texture !== 'solid');
      for (const mark of marks) if (mark.kind === 'circle') expect(mark.cx + mark.r).toBeLessThanOrEqual(TILE);
    }
  });
});
