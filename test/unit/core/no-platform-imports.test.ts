import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `core/` and `server/` reach a platform only through the registry (src/channels/registry.ts) and
 * the neutral modules beside it: an import from a platform's own folder (src/channels/<platform>/,
 * or meta/ which several share) is a dependency on one platform that bypasses its definition.
 * src/channels/http/ holds the plumbing every platform shares and is the one neutral folder.
 */

const ROOTS = ['src/core', 'src/server'];
const NEUTRAL_FOLDERS = new Set(['http']);
const CHANNELS_DIR = path.resolve('src/channels');

function* files(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (/\.tsx?$/.test(entry.name)) yield full;
  }
}

/** `file:line: specifier` of every relative import or export-from that lands in a platform's folder. */
export function platformImportsIn(roots: string[], channelsDir = CHANNELS_DIR): string[] {
  const found: string[] = [];
  for (const root of roots)
    for (const file of files(root)) {
      fs.readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const match of line.matchAll(/\b(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g)) {
            const target = path.relative(channelsDir, path.resolve(path.dirname(file), match[1]!));
            const [folder, ...rest] = target.split(path.sep);
            if (!target.startsWith('..') && rest.length > 0 && folder && !NEUTRAL_FOLDERS.has(folder)) found.push(`${file}:${i + 1}: ${match[1]}`);
          }
        });
    }
  return found;
}

describe('core imports no platform folder', () => {
  it('finds none in core and server', () => {
    expect(platformImportsIn(ROOTS)).toEqual([]);
  });

  it('finds an import from a platform folder, and lets the registry and http/ through', () => {
    const root = fs.mkdtempSync(path.join(process.cwd(), '.test-data', 'imports-'));
    const channels = path.join(root, 'channels');
    const core = path.join(root, 'core', 'outbox');
    try {
      fs.mkdirSync(core, { recursive: true });
      fs.writeFileSync(
        path.join(core, 'worker.ts'),
        [
          "import { channelOf } from '../../channels/registry.ts';",
          "import type { OAuthClient } from '../../channels/http/oauth-client.ts';",
          "import type { OAuthClient as Old } from '../../channels/meta/oauth.ts';",
          "export { x } from '../../channels/tiktok/api.ts';",
        ].join('\n'),
      );
      expect(platformImportsIn([path.join(root, 'core')], channels)).toEqual([
        `${path.join(core, 'worker.ts')}:3: ../../channels/meta/oauth.ts`,
        `${path.join(core, 'worker.ts')}:4: ../../channels/tiktok/api.ts`,
      ]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
