import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The web app's scripts and style sheets go out compressed to browsers that take it, from files
 * the build compressed once (scripts/build-web.js), not per request and not left to a proxy: the
 * inbox's first load is ~0.69 MB of JavaScript as built. A browser that takes neither gets the
 * file as built. Read from the real build (the run's global set-up builds web/dist).
 */
const assets = path.resolve('web/dist/assets');
let t: TestApp;
let script: string;

beforeAll(async () => {
  t = await createTestApp();
  const index = (await t.app.inject({ url: '/inbox' })).body;
  script = /<script[^>]+src="\/assets\/([^"]+\.js)"/.exec(index)![1]!;
});
afterAll(async () => t?.close());

describe('the web app’s assets', () => {
  it('are built brotli- and gzip-compressed beside each script and style sheet, to the same bytes', () => {
    const files = fs.readdirSync(assets).filter((f) => /\.(js|css)$/.test(f));
    expect(files.filter((f) => f.endsWith('.css')).length).toBeGreaterThan(0);
    for (const f of files) {
      const built = fs.readFileSync(path.join(assets, f));
      expect(zlib.brotliDecompressSync(fs.readFileSync(path.join(assets, `${f}.br`))).equals(built), f).toBe(true);
      expect(zlib.gunzipSync(fs.readFileSync(path.join(assets, `${f}.gz`))).equals(built), f).toBe(true);
    }
  });

  it('are sent brotli-compressed to a browser that takes it, gzip to one that takes only gzip, as built to one that takes neither', async () => {
    const built = fs.readFileSync(path.join(assets, script));
    const get = (encoding?: string) => t.app.inject({ url: `/assets/${script}`, headers: encoding === undefined ? {} : { 'accept-encoding': encoding } });

    const br = await get('gzip, deflate, br, zstd'); // what Chromium sends
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toContain('immutable');
    expect(br.rawPayload.length).toBeLessThan(built.length / 3);
    expect(zlib.brotliDecompressSync(br.rawPayload).equals(built)).toBe(true);

    const gzip = await get('gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gzip.rawPayload).equals(built)).toBe(true);

    for (const plain of [await get(), await get('identity')]) {
      expect(plain.statusCode).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.rawPayload.equals(built)).toBe(true);
    }
  });

  it('leave source maps as built, and a missing asset is 404 whatever the browser takes', async () => {
    // Source maps are read by developer tools only: not worth a compressed copy each.
    expect(fs.existsSync(path.join(assets, `${script}.map.br`))).toBe(false);
    const missing = await t.app.inject({ url: '/assets/no-such-file.js', headers: { 'accept-encoding': 'br' } });
    expect(missing.statusCode).toBe(404);
  });
});
