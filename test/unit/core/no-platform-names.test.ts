import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../../src/channels/registry.ts';

/**
 * `core/` and `server/` never name a platform: they iterate the registry and ask each definition.
 * A platform id (or Facebook, whose app several of them share) in their code, outside comments,
 * is a platform switch that crept back. A comment naming a platform as an example is fine.
 */

const ROOTS = ['src/core', 'src/server'];
const NAMES = new RegExp(`\\b(${[...PLATFORMS, 'facebook'].join('|')})\\b`, 'i');

/** The source without its comments (line and block), strings kept: a platform id in a string is the usual switch. */
export function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

function* files(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (/\.tsx?$/.test(entry.name)) yield full;
  }
}

export function platformNamesIn(roots: string[]): string[] {
  const found: string[] = [];
  for (const root of roots)
    for (const file of files(root))
      withoutComments(fs.readFileSync(file, 'utf8'))
        .split('\n')
        .forEach((line, i) => {
          if (NAMES.test(line)) found.push(`${file}:${i + 1}: ${line.trim()}`);
        });
  return found;
}

describe('no platform names in core and server', () => {
  it('finds none in their code', () => {
    expect(platformNamesIn(ROOTS)).toEqual([]);
  });

  it('finds a switch, and ignores comments', () => {
    const root = fs.mkdtempSync(path.join(process.cwd(), '.test-data', 'names-'));
    try {
      fs.writeFileSync(path.join(root, 'switch.ts'), "// Messenger is an example\n/* WhatsApp\n too */\nconst x = 1;\nif (p === 'whatsapp') {}\n");
      fs.writeFileSync(path.join(root, 'clean.ts'), '/** TikTok counts messages */\nexport const y = 2; // Twilio\n');
      expect(platformNamesIn([root])).toEqual([`${path.join(root, 'switch.ts')}:5: if (p === 'whatsapp') {}`]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
