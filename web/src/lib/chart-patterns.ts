import type { PlatformInfo } from '../../../src/contract/platforms.ts';

/**
 * Platforms told apart in charts by more than colour (WCAG 1.4.1): two brand blues and two brand
 * reds among them are one colour to many colour-blind readers. Each platform
 * gets a texture drawn over its colour, chosen by its place in the registry's list, so a new
 * platform gets the next texture without a web change. A texture is drawn in a pale and a dark
 * stroke at once, so it shows on a black brand colour as on a light green one.
 */
export type Texture = 'solid' | 'stripes' | 'dots' | 'grid' | 'rows' | 'columns' | 'crosshatch' | 'rings';

export const TEXTURES: readonly Texture[] = ['solid', 'stripes', 'dots', 'grid', 'rows', 'columns', 'crosshatch', 'rings'];

/** The texture of a platform: by its place in the list; one the list does not know gets the last. */
export function platformTexture(platforms: readonly PlatformInfo[], id: string): Texture {
  const index = platforms.findIndex((p) => p.id === id);
  return TEXTURES[index < 0 ? TEXTURES.length - 1 : index % TEXTURES.length]!;
}

/** An SVG element of a texture's tile (6×6 user units), as plain data for the renderer. */
export type TextureMark = { kind: 'path'; d: string } | { kind: 'circle'; cx: number; cy: number; r: number };

export const TILE = 6;

export function textureMarks(texture: Texture): TextureMark[] {
  switch (texture) {
    case 'solid':
      return [];
    case 'stripes':
      return [{ kind: 'path', d: 'M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2' }];
    case 'dots':
      return [{ kind: 'circle', cx: 3, cy: 3, r: 1.1 }];
    case 'grid':
      return [{ kind: 'path', d: 'M0,0.5 h6 M0.5,0 v6' }];
    case 'rows':
      return [{ kind: 'path', d: 'M0,3 h6' }];
    case 'columns':
      return [{ kind: 'path', d: 'M3,0 v6' }];
    case 'crosshatch':
      return [{ kind: 'path', d: 'M0,0 l6,6 M6,0 l-6,6' }];
    case 'rings':
      return [{ kind: 'circle', cx: 3, cy: 3, r: 1.8 }];
  }
}
