import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Icons are SVG (lucide-react): an emoji used as an icon renders as an empty box on a machine
 * without an emoji font. Emoji stay only where they are content the agent sends (the picker).
 */
const ROOT = path.resolve('web/src');
const CONTENT = new Set(['pages/inbox/EmojiPicker.tsx']);
// Pictographs, dingbats and symbols that fonts draw as emoji, the emoji presentation selector, and arrows or × written as glyphs.
const EMOJI = /[\u{1F000}-\u{1FAFF}\u{2600}-\u{27BF}\u{2B00}-\u{2BFF}\u{2139}\u{2190}-\u{21FF}\u{00D7}]|\u{FE0F}/u;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(tsx|ts|css)$/.test(e.name) ? [p] : [];
  });
}

/** Code only: comments may use arrows and symbols in prose. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

describe('icons in the web app', () => {
  it('are never emoji or glyph characters, except as message content', () => {
    const offenders: string[] = [];
    for (const file of sources(ROOT)) {
      const rel = path.relative(ROOT, file).split(path.sep).join('/');
      if (CONTENT.has(rel)) continue;
      withoutComments(fs.readFileSync(file, 'utf8'))
        .split('\n')
        .forEach((line, i) => {
          // "× 3" in an order line is a multiplication sign, not an icon.
          if (EMOJI.test(line.replace(/`× \$\{/g, ''))) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
