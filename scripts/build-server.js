#!/usr/bin/env node
// Builds the server (src/main.ts → dist/server/main.js, and the chunks it imports beside it) with esbuild, so
// `npm start` runs it on plain Node instead of compiling TypeScript as it loads (tsx). Measured
// with bench/memory.ts's scenario (100 k messages, PSS of snorq's Node process): ~117-124 MB idle
// through tsx, ~68 MB compiled; with 1,000 agents during a burst ~135-140 MB vs ~99-104 MB; ready
// ~1.5 s sooner. (Through `tsx src/main.ts`, tsx's own CLI process, ~45 MB RSS, was running too.)
// The tests run the TypeScript sources (vitest); the benchmarks bundle their children with --entry.
//
// With --if-stale it builds only when the bundle is missing or older than a file of src/ (or this
// script, or package.json), so a second `npm start` is not slowed down.
//
// Dependencies stay in node_modules (not bundled): they load exactly as under tsx. Each module's
// `import.meta.url` is rewritten to its source file's URL (relative to the bundle), so a path a
// module resolves next to itself (src/server/routes/web-app.ts → web/dist) means what it means
// when run from the sources. That is also how the database definitions' `.sql` files
// (src/db/definitions/, read with `new URL('./x.sql', import.meta.url)`) are found: the image ships
// src/ next to dist/, and --if-stale counts every file of src/, `.sql` included.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { thinSourceMap } from './thin-source-map.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const src = path.join(root, 'src');
// --entry/--outfile: another entry bundled the same way (the benchmarks run their snorq child as
// `npm start` runs snorq: bundled, on plain Node).
const option = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? path.resolve(process.argv[i + 1]) : undefined;
};
const entry = option('--entry') ?? path.join(src, 'main.ts');
const outfile = option('--outfile') ?? path.join(root, 'dist', 'server', 'main.js');
const inputs = [path.join(root, 'package.json'), fileURLToPath(import.meta.url)];

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

if (process.argv.includes('--if-stale') && fs.existsSync(outfile)) {
  const newest = Math.max(newestSource(src), ...inputs.map((f) => fs.statSync(f).mtimeMs));
  if (fs.statSync(outfile).mtimeMs >= newest) process.exit(0);
}

const esbuild = await import('esbuild');

/** `import.meta.url` of each source file → that file's URL, computed from the bundle's own URL. */
const sourceImportMetaUrl = {
  name: 'source-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return { contents: text, loader: 'ts' };
      const relative = path.relative(path.dirname(outfile), args.path).split(path.sep).join('/');
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(relative)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};

// Code split (esbuild `splitting`): what is loaded only through `import()` — the platform simulator
// and sandbox, which a production start never runs — lands in chunks of its own beside the entry,
// read only when imported. Chunks sit in the entry's directory (so the `import.meta.url` rewriting
// above holds in every chunk), named `<entry>.<name>-<hash>.js`; the previous build's are removed.
const outdir = path.dirname(outfile);
const base = path.basename(outfile, '.js');
const isChunk = (f) => f.startsWith(`${base}.`) && /-[A-Z0-9]{8}\.js(\.map)?$/.test(f);
if (fs.existsSync(outdir)) for (const f of fs.readdirSync(outdir)) if (isChunk(f)) fs.rmSync(path.join(outdir, f));

const started = Date.now();
const result = await esbuild.build({
  entryPoints: [entry],
  outdir,
  entryNames: base,
  chunkNames: `${base}.[name]-[hash]`,
  splitting: true,
  // --metafile <file>: which source files went into which output, and how outputs import each
  // other (test/unit/sandbox/lazy-simulator.test.ts reads it; https://esbuild.github.io/analyze/ shows it).
  metafile: option('--metafile') !== undefined,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  // `node --enable-source-maps` (npm start) maps stack traces back to src/. No keepNames: it
  // costs ~3-5 MB of heap, and nothing in snorq reads a class's or function's own name.
  sourcemap: 'linked',
  // Without the sources' text the map is 0.87 MB instead of 2.8 MB, and snorq's process ~3 MB
  // smaller idle (bench/memory.ts, two A/B pairs); stack traces are mapped all the same.
  sourcesContent: false,
  plugins: [sourceImportMetaUrl],
  logLevel: 'warning',
});
// Each map thinned to one mapping per original line (scripts/thin-source-map.js): the whole map is
// decoded and kept in memory from the first stack trace on, ~10 MB for the entry's full map.
for (const f of fs.readdirSync(outdir)) {
  if (f !== `${base}.js.map` && !(isChunk(f) && f.endsWith('.map'))) continue;
  const file = path.join(outdir, f);
  fs.writeFileSync(file, JSON.stringify(thinSourceMap(JSON.parse(fs.readFileSync(file, 'utf8')))));
}
if (result.metafile) fs.writeFileSync(option('--metafile'), JSON.stringify(result.metafile));
console.log(`built the server (${path.relative(root, entry)} → ${path.relative(root, outfile)}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
