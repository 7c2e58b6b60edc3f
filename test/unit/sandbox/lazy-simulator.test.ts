import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * A production start (no sandbox) never loads the platform simulator: `npm start`'s build
 * (scripts/build-server.js, code split) must leave src/simulator out of everything the entry
 * imports statically, so that only the sandbox's `import()` (src/sandbox/sandbox-mode.ts) reads
 * it. Checked on the build's own record of its module graph (esbuild's metafile): a static import
 * of the simulator from anywhere snorq's start reaches — core, server, channels — puts its
 * modules in the entry's graph and fails this test.
 */

interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<string, { entryPoint?: string; inputs: Record<string, unknown>; imports: { path: string; kind: string; external?: boolean }[] }>;
}

const dir = path.resolve('.test-data', `lazy-simulator-${process.pid}`);
let meta: Metafile;

beforeAll(async () => {
  fs.mkdirSync(dir, { recursive: true });
  await promisify(execFile)(process.execPath, ['scripts/build-server.js', '--outfile', path.join(dir, 'main.js'), '--metafile', path.join(dir, 'meta.json')]);
  meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as Metafile;
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The outputs a start reads before any `import()`: the entry and what it imports statically, transitively. */
function loadedAtStart(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (output: string): void => {
    if (seen.has(output)) return;
    seen.add(output);
    for (const imported of meta.outputs[output]!.imports) if (!imported.external && imported.kind === 'import-statement') visit(imported.path);
  };
  visit(Object.keys(meta.outputs).find((o) => meta.outputs[o]!.entryPoint === entry)!);
  return seen;
}

const sourcesOf = (outputs: Iterable<string>): string[] => [...outputs].flatMap((o) => Object.keys(meta.outputs[o]!.inputs));
const isSimulator = (source: string): boolean => source.startsWith('src/simulator/');

describe('the server build (npm start)', () => {
  it('loads no module of the simulator before the sandbox imports it', () => {
    const atStart = sourcesOf(loadedAtStart('src/main.ts'));
    expect(atStart).toContain('src/start-snorq.ts');
    expect(atStart).toContain('src/sandbox/sandbox-mode.ts');
    expect(atStart.filter(isSimulator)).toEqual([]);
    expect(atStart).not.toContain('src/sandbox/start-sandbox.ts');
  });

  it('still builds the simulator, in chunks read only through import()', () => {
    // Without this, a build that lost the sandbox altogether would pass the check above.
    const all = sourcesOf(Object.keys(meta.outputs).filter((o) => o.endsWith('.js')));
    expect(all.filter(isSimulator).length).toBeGreaterThan(50);
    expect(all).toContain('src/simulator/index.ts');
    const dynamic = Object.values(meta.outputs).flatMap((o) => o.imports.filter((i) => !i.external && i.kind === 'dynamic-import').map((i) => i.path));
    const sandboxChunk = dynamic.find((o) => sourcesOf([o]).includes('src/sandbox/start-sandbox.ts'));
    expect(sandboxChunk).toBeDefined();
    expect(fs.existsSync(path.resolve(sandboxChunk!))).toBe(true);
  });
});
