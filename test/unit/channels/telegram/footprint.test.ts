import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Adding a platform is its folders plus a handful of lines elsewhere. Telegram proves it: outside
 * `src/channels/telegram/`, `src/simulator/telegram/` and test folders named `telegram`, at most
 * five files of the repository may name it (the channel registry, the simulator's registry, a
 * migration, the README's table, the deployment guide). More means a platform switch crept back
 * into shared code. CHANGELOG.md is history and is not counted.
 */

const BUDGET = 5;
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'data', 'coverage', 'test-results']);
const TEXT = /\.(ts|tsx|js|mjs|cjs|json|sql|md|css|html|ya?ml|sh|txt|toml|env|example)$|^(Dockerfile|\.env.*)$/;

function isTelegramFolder(relative: string): boolean {
  const parts = relative.split('/');
  if (relative.startsWith('src/channels/telegram/') || relative.startsWith('src/simulator/telegram/')) return true;
  return parts[0] === 'test' && parts.slice(0, -1).includes('telegram');
}

function* walk(dir: string, root: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') && entry.name !== '.env.example' && entry.name !== '.github') continue;
    if (SKIP_DIRS.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full, root);
    else if (entry.isFile()) yield path.relative(root, full).split(path.sep).join('/');
  }
}

export function filesNamingTelegram(root: string): string[] {
  const found: string[] = [];
  for (const relative of walk(root, root)) {
    if (isTelegramFolder(relative) || relative === 'CHANGELOG.md') continue;
    const name = path.basename(relative);
    if (!TEXT.test(name)) continue;
    if (/telegram/i.test(relative) || /telegram/i.test(fs.readFileSync(path.join(root, relative), 'utf8'))) found.push(relative);
  }
  return found.sort();
}

describe('telegram footprint', () => {
  it(`names Telegram in at most ${BUDGET} files outside its own folders`, () => {
    const files = filesNamingTelegram(process.cwd());
    expect(files.length, `files outside the Telegram folders that name it:\n${files.join('\n')}`).toBeLessThanOrEqual(BUDGET);
  });

  it('finds a file that names Telegram, and ignores the Telegram folders', () => {
    const root = fs.mkdtempSync(path.join(process.cwd(), '.test-data', 'footprint-'));
    try {
      for (const [file, text] of [
        ['src/core/outbox/send.ts', "if (platform === 'telegram') {}"],
        ['src/channels/telegram/api.ts', 'telegram'],
        ['test/unit/channels/telegram/api.test.ts', 'telegram'],
        ['src/core/other.ts', 'nothing here'],
        ['web/src/TelegramBadge.tsx', 'export {}'],
      ] as const) {
        fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        fs.writeFileSync(path.join(root, file), text);
      }
      expect(filesNamingTelegram(root)).toEqual(['src/core/outbox/send.ts', 'web/src/TelegramBadge.tsx']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
