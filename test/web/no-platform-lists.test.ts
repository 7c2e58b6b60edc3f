import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../src/channels/registry.ts';

/**
 * The web app draws every platform (badges, icons, names, colours, filters, charts, the connect
 * forms) from GET /api/v1/platforms, so a platform added to the registry needs no web change. A
 * platform id written in web/src as a string or a key, a `Record<Platform, …>`, or three platforms'
 * names in one file is a hand-written list coming back: each is refused here.
 */
const ROOT = path.resolve('web/src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(tsx?|css)$/.test(e.name) ? [p] : [];
  });
}

/** Code only: comments may name platforms in prose. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What in `code` looks like a hand-written platform list, given the platforms' ids and names. */
export function platformListsIn(code: string, platforms: readonly { id: string; name: string }[]): string[] {
  const found: string[] = [];
  for (const { id } of platforms) {
    if (new RegExp(`['"\`]${escape(id)}['"\`]`).test(code)) found.push(`the id '${id}' as a string`);
    if (new RegExp(`^\\s*${escape(id)}\\s*:`, 'm').test(code)) found.push(`the id ${id} as a key`);
    if (new RegExp(`\\.platform-${escape(id)}\\b`).test(code)) found.push(`a style for .platform-${id}`);
  }
  if (/Record<\s*Platform\s*,/.test(code)) found.push('a Record<Platform, …>');
  const names = new Set(platforms.filter((p) => new RegExp(`\\b${escape(p.name)}\\b`).test(code)).map((p) => p.name));
  if (names.size >= 3) found.push(`the names ${[...names].join(', ')}`);
  return found;
}

const PLATFORMS = CHANNELS.map((c) => ({ id: c.id, name: c.ui.name }));

describe('platforms in the web app', () => {
  it('come from GET /api/v1/platforms: no platform list is written out in web/src', () => {
    const offenders = sources(ROOT).flatMap((file) => platformListsIn(withoutComments(fs.readFileSync(file, 'utf8')), PLATFORMS).map((what) => `${path.relative(ROOT, file)}: ${what}`));
    expect(offenders).toEqual([]);
  });

  it('the check catches the lists it is meant to', () => {
    const some = PLATFORMS.slice(0, 3);
    expect(platformListsIn(`export const PLATFORMS = [${some.map((p) => `'${p.id}'`).join(', ')}] as const;`, PLATFORMS)).toHaveLength(3);
    expect(platformListsIn(`const COLOURS = {\n  ${some[0]!.id}: '#000',\n};`, PLATFORMS)).toEqual([`the id ${some[0]!.id} as a key`]);
    expect(platformListsIn('const x: Record<Platform, string> = {} as never;', PLATFORMS)).toEqual(['a Record<Platform, …>']);
    expect(platformListsIn(`<p>${some.map((p) => p.name).join(', ')}, in one place.</p>`, PLATFORMS)).toHaveLength(1);
    expect(platformListsIn('if (platform === p.id) return usePlatform(id)?.ui.name;', PLATFORMS)).toEqual([]);
  });
});
