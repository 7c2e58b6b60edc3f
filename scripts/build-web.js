#!/usr/bin/env node
// Builds the inbox web app (web/ → web/dist) with Vite. With --if-stale it builds only when
// web/dist is missing, older than a source file or not a production build, so a second
// `npm start` is not slowed down.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const web = path.join(root, 'web');
const dist = path.join(web, 'dist');
const built = path.join(dist, 'index.html');
// Written after a build: what it was built as. A dist without it is from before this stamp and
// may be a development build (see below), so it is built again.
const stamp = path.join(dist, '.snorq-build.json');

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function isProductionBuild() {
  try {
    return JSON.parse(fs.readFileSync(stamp, 'utf8')).mode === 'production';
  } catch {
    return false;
  }
}

if (process.argv.includes('--if-stale') && fs.existsSync(built) && isProductionBuild() && fs.statSync(built).mtimeMs >= newestSource(web)) process.exit(0);
console.log('building the web app (web/ → web/dist)…');
const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
// Vite keeps a NODE_ENV it finds set, and vitest sets NODE_ENV=test: the suite's build (which
// `npm start` then reused as fresh) shipped React's development build — 1.48 MB instead of
// 1.0 MB, with its checks and double renders — so the browser tests ran, and a later start
// served, what no production deployment should. What is served is always the production build.
const result = spawnSync(process.execPath, [vite, 'build', '--config', path.join(web, 'vite.config.ts'), '--mode', 'production', '--logLevel', 'warn'], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, NODE_ENV: 'production' },
});
if (result.status !== 0) process.exit(result.status ?? 1);

// Each script and style sheet also written brotli- and gzip-compressed beside itself, once per
// build, for snorq to send to browsers that take them (@fastify/static's `preCompressed`, in
// src/server/routes/web-app.ts): the inbox's first load is ~0.69 MB of JavaScript as built and a
// third of that compressed, with no compression work per request and none left to a proxy.
const assets = path.join(dist, 'assets');
const compressible = fs.readdirSync(assets).filter((f) => /\.(js|css|svg)$/.test(f));
await Promise.all(
  compressible.flatMap((f) => {
    const file = path.join(assets, f);
    const source = fs.readFileSync(file);
    const brotli = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: source.length } };
    return [
      promisify(zlib.brotliCompress)(source, brotli).then((out) => fs.writeFileSync(`${file}.br`, out)),
      promisify(zlib.gzip)(source, { level: 9 }).then((out) => fs.writeFileSync(`${file}.gz`, out)),
    ];
  }),
);
fs.writeFileSync(stamp, JSON.stringify({ mode: 'production' }) + '\n');
