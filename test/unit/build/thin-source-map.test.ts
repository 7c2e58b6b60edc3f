import { SourceMap, type SourceMapPayload } from 'node:module';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain JavaScript build script, without type declarations
import { mapSegments, thinSourceMap } from '../../../scripts/thin-source-map.js';

type Segment = [number, number] | [number, number, number, number, number];
const segmentsOf = mapSegments as (map: SourceMapPayload) => Segment[];
const thin = thinSourceMap as (map: SourceMapPayload) => SourceMapPayload;

/**
 * The server build's source maps are thinned to one mapping per original line (see
 * scripts/thin-source-map.js): what `node --enable-source-maps` keeps in memory once it has formatted
 * a stack trace is ~5× smaller. Checked against a real bundle of snorq (esbuild, as
 * scripts/build-server.js builds it) with Node's own source map reader: every bundle position the
 * full map sends to a source line, the thinned map sends to the same file and line.
 */
let full: SourceMapPayload;

beforeAll(async () => {
  const result = await esbuild.build({
    entryPoints: [path.resolve('src/server/app.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'external',
    sourcesContent: false,
    write: false,
    outdir: path.resolve('.test-data', 'thin-source-map'),
    logLevel: 'silent',
  });
  full = JSON.parse(result.outputFiles.find((f) => f.path.endsWith('.map'))!.text) as SourceMapPayload;
}, 60_000);

describe('thinSourceMap', () => {
  it('maps every position of the bundle to the same source file and line as the full map', () => {
    const thinned = thin(full);
    const before = new SourceMap(full);
    const after = new SourceMap(thinned);
    const positions = segmentsOf(full);
    expect(positions.length).toBeGreaterThan(10_000);
    // Compared in plain code and asserted once: ~200,000 expect() calls took 15–37 s under load
    // (past the test's limit), the comparison itself a fraction of a second.
    const differing: string[] = [];
    let compared = 0;
    for (const [line, column] of positions) {
      // the segment's own column and the one just after it (inside the same token)
      for (const col of [column, column + 1]) {
        const a = before.findEntry(line, col) as { originalSource?: string; originalLine?: number };
        const b = after.findEntry(line, col) as { originalSource?: string; originalLine?: number };
        if (a.originalSource !== b.originalSource || a.originalLine !== b.originalLine)
          differing.push(`${line}:${col} full ${a.originalSource}:${a.originalLine}, thinned ${b.originalSource}:${b.originalLine}`);
        compared++;
      }
    }
    expect(differing.slice(0, 5), `${differing.length} positions map elsewhere`).toEqual([]);
    expect(compared).toBe(positions.length * 2);
  });

  it('keeps about one mapping per source line: far fewer than the full map', () => {
    const thinned = segmentsOf(thin(full));
    expect(thinned.length).toBeLessThan(segmentsOf(full).length / 3);
    // no two neighbours on one bundle line map to the same source line
    const repeated: number[] = [];
    for (let i = 1; i < thinned.length; i++) {
      const [a, b] = [thinned[i - 1]!, thinned[i]!];
      if (a[0] === b[0] && a.length > 2 && b.length > 2 && a[2] === b[2] && a[3] === b[3]) repeated.push(i);
    }
    expect(repeated.slice(0, 5), `${repeated.length} neighbours repeat a source line`).toEqual([]);
  });

  it('refuses what is not a version 3 source map', () => {
    expect(() => thin({ version: 2, mappings: '' } as unknown as SourceMapPayload)).toThrow(/not a version 3 source map/);
    expect(() => thin({ ...full, mappings: 'A!' })).toThrow(/not a source map segment/);
  });
});
