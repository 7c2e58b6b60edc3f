import type { PlatformInfo } from '../../../src/contract/platforms.ts';

/**
 * What the web app shows of a platform comes from GET /api/v1/platforms (each channel
 * definition's `ui`), never from a list kept here: a platform added to the registry appears in
 * badges, filters, charts and the connect forms without a web change. These read that list.
 */

/** For a platform the list does not (yet) describe: a quiet grey, not a brand's colour. */
export const NEUTRAL_COLOUR = '#6B7280';

export function findPlatform(platforms: readonly PlatformInfo[], id: string): PlatformInfo | undefined {
  return platforms.find((p) => p.id === id);
}

/** "WhatsApp (Twilio)"; the id itself until the list has loaded. */
export function platformName(platforms: readonly PlatformInfo[], id: string): string {
  return findPlatform(platforms, id)?.ui.name ?? id;
}

/** The brand colour for chart bars and swatches. */
export function platformColour(platforms: readonly PlatformInfo[], id: string): string {
  return findPlatform(platforms, id)?.ui.colour ?? NEUTRAL_COLOUR;
}

/** One or two letters for a badge drawn without a glyph: "WhatsApp (Twilio)" → "WT", "Signal" → "S". */
export function platformInitials(name: string): string {
  const words = name.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return words
    .slice(0, 2)
    .map((w) => w.charAt(0).toUpperCase())
    .join('');
}

/** `ids` in the list's order (the registry's), then any the list does not know, as they came. */
export function inPlatformOrder<T extends string>(platforms: readonly PlatformInfo[], ids: Iterable<T>): T[] {
  const rank = new Map(platforms.map((p, i) => [p.id as string, i]));
  return [...new Set(ids)].sort((a, b) => (rank.get(a) ?? rank.size) - (rank.get(b) ?? rank.size));
}
