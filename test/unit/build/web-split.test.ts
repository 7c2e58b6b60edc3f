import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The inbox, which every agent opens first, loads without the other pages' code and without the
 * languages it does not show (web/src/app/lazy-pages.ts, web/src/i18n/i18n.ts): one static import
 * of a settings page from the inbox's graph would put all of settings back into the entry that
 * every full load downloads, parses and compiles. Read from the build that snorq serves: Vite's
 * manifest (which chunk imports which) and each chunk's source map (which sources it holds).
 */
const dist = path.resolve('web/dist');

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

function manifest(): Record<string, ManifestChunk> {
  return JSON.parse(fs.readFileSync(path.join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
}

/** The entry's file and every file it imports statically, however deep: what a first load fetches (Vite preloads them all). */
function entryFiles(m: Record<string, ManifestChunk>): string[] {
  const entry = Object.keys(m).find((k) => m[k]!.isEntry);
  if (!entry) throw new Error('the manifest names no entry');
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const i of m[key]?.imports ?? []) visit(i);
  };
  visit(entry);
  return [...seen].map((k) => m[k]!.file);
}

function sourcesOf(file: string): string[] {
  const map = JSON.parse(fs.readFileSync(path.join(dist, `${file}.map`), 'utf8')) as { sources: string[] };
  return map.sources.map((s) => path.relative(path.resolve('web'), path.resolve(dist, path.dirname(file), s)));
}

/** Sources the inbox's first load must not carry: the pages that are not the inbox, and German and Spanish. */
const NOT_IN_ENTRY = [/^src\/pages\/(settings|dashboard|contacts|channels)\//, /^src\/i18n\/resources(-de|-es)?\.ts$/];

describe('the web app split by page', () => {
  it('keeps settings, dashboard, contacts, channels and the other languages out of what the inbox loads', () => {
    const files = entryFiles(manifest());
    const sources = files.flatMap(sourcesOf);
    // The map's paths are right: the inbox and English are there.
    expect(sources).toContain('src/pages/inbox/InboxPage.tsx');
    expect(sources).toContain('src/i18n/resources-en.ts');
    expect(sources.filter((s) => NOT_IN_ENTRY.some((r) => r.test(s)))).toEqual([]);
  });

  it('carries no German or Spanish text in what the inbox loads (JSON has no source map: read the code)', () => {
    const code = entryFiles(manifest())
      .filter((f) => f.endsWith('.js'))
      .map((f) => fs.readFileSync(path.join(dist, f), 'utf8'))
      .join('\n');
    const text = (lang: string) => (JSON.parse(fs.readFileSync(path.resolve(`web/src/i18n/locales/${lang}/common.json`), 'utf8')) as { pageFailed: { text: string } }).pageFailed.text;
    expect(code).toContain(text('en'));
    expect(code).not.toContain(text('de'));
    expect(code).not.toContain(text('es'));
  });

  it('makes each of those pages and languages a chunk of its own, fetched on demand', () => {
    const m = manifest();
    for (const src of [
      'src/pages/settings/SettingsRoutes.tsx',
      'src/pages/dashboard/DashboardPage.tsx',
      'src/pages/contacts/ContactsPage.tsx',
      'src/pages/contacts/ContactPage.tsx',
      'src/i18n/resources-de.ts',
      'src/i18n/resources-es.ts',
    ]) {
      expect(m[src], src).toMatchObject({ isDynamicEntry: true });
      expect(entryFiles(m), src).not.toContain(m[src]!.file);
    }
  });

  it('leaves the inbox with no more than 750 kB of JavaScript on its first load (1,007,690 bytes when it was one bundle)', () => {
    const bytes = entryFiles(manifest())
      .filter((f) => f.endsWith('.js'))
      .reduce((sum, f) => sum + fs.statSync(path.join(dist, f)).size, 0);
    expect(bytes).toBeLessThan(750_000);
  });
});
