import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../../src/channels/registry.ts';

/**
 * `core/` and `server/` never name a platform: they iterate the registry and ask each definition.
 * Nor do the sandbox (`src/sandbox/`, which iterates the simulated platforms' sandbox sections)
 * and the simulator's neutral files (every file of `src/simulator/` outside a platform's folder,
 * except the list of platforms itself): each platform's part lives in its folder.
 * A platform id (or Facebook, whose app several of them share) in their code, outside comments,
 * is a platform switch that crept back. A comment naming a platform as an example is fine.
 */

const ROOTS = ['src/core', 'src/server', 'src/sandbox', 'src/simulator'];

/** The simulator's folders that belong to a platform (or to several: `meta/`), and the one file that lists them. */
const SIMULATOR_PLATFORM_FOLDERS = [...PLATFORMS, 'meta'].map((name) => path.join('src/simulator', name));
const EXCEPT = [...SIMULATOR_PLATFORM_FOLDERS, path.join('src/simulator', 'platforms.ts')];
/**
 * A name as a word or as part of an identifier: `'tiktok'`, `twilioSid` and `setTikTokCallback`
 * all count (a field named after a platform is a platform switch too), but not a name inside a
 * longer lowercase word.
 */
const anyCase = (text: string) => [...text].map((c) => `[${c.toLowerCase()}${c.toUpperCase()}]`).join('');
const NAMES = new RegExp([...PLATFORMS, 'facebook'].map((n) => `(?:(?<![A-Za-z])${anyCase(n[0]!)}|${n[0]!.toUpperCase()})${anyCase(n.slice(1))}`).join('|'));

/** The source without its comments (line and block), strings kept: a platform id in a string is the usual switch. */
export function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

function* files(dir: string, except: readonly string[]): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (except.includes(full)) continue;
    if (entry.isDirectory()) yield* files(full, except);
    else if (/\.tsx?$/.test(entry.name)) yield full;
  }
}

export function platformNamesIn(roots: string[], except: readonly string[] = []): string[] {
  const found: string[] = [];
  for (const root of roots)
    for (const file of files(root, except))
      withoutComments(fs.readFileSync(file, 'utf8'))
        .split('\n')
        .forEach((line, i) => {
          if (NAMES.test(line)) found.push(`${file}:${i + 1}: ${line.trim()}`);
        });
  return found;
}

describe('no platform names in core, server, the sandbox and the simulator’s neutral files', () => {
  it('finds none in their code', () => {
    expect(platformNamesIn(ROOTS, EXCEPT)).toEqual([]);
  });

  it('looks at the simulator’s neutral files and skips only the platform folders and the list', () => {
    const looked = [...files('src/simulator', EXCEPT)];
    expect(looked).toContain(path.join('src/simulator', 'webhooks', 'deliver.ts'));
    expect(looked).toContain(path.join('src/simulator', 'types.ts'));
    expect(looked).not.toContain(path.join('src/simulator', 'platforms.ts'));
    expect(looked.some((f) => f.startsWith(path.join('src/simulator', 'meta')))).toBe(false);
    expect([...files('src/sandbox', EXCEPT)].length).toBeGreaterThan(0);
  });

  it('finds a switch, and ignores comments', () => {
    const root = fs.mkdtempSync(path.join(process.cwd(), '.test-data', 'names-'));
    try {
      fs.writeFileSync(path.join(root, 'switch.ts'), "// Messenger is an example\n/* WhatsApp\n too */\nconst x = 1;\nif (p === 'whatsapp') {}\n");
      fs.writeFileSync(path.join(root, 'clean.ts'), '/** TikTok counts messages */\nexport const y = 2; // Twilio\n');
      expect(platformNamesIn([root])).toEqual([`${path.join(root, 'switch.ts')}:5: if (p === 'whatsapp') {}`]);
      // A platform's folder may name it; the same line outside is found.
      fs.mkdirSync(path.join(root, 'tiktok'));
      fs.writeFileSync(path.join(root, 'tiktok', 'own.ts'), "export const name = 'tiktok';\n");
      expect(platformNamesIn([root], [path.join(root, 'tiktok')])).toHaveLength(1);
      // A field or function named after a platform is found too; a longer lowercase word is not.
      fs.writeFileSync(path.join(root, 'fields.ts'), 'store.tiktokCallback = 1;\nsetTwilioSender(x);\nconst unmessengered = 2;\n');
      expect(
        platformNamesIn(
          [path.join(root, 'fields.ts')].map((f) => path.dirname(f)),
          [path.join(root, 'tiktok'), path.join(root, 'switch.ts')],
        ).map((l) => l.split(': ')[1]),
      ).toEqual(['store.tiktokCallback = 1;', 'setTwilioSender(x);']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
