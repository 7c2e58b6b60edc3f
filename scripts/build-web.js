#!/usr/bin/env node
// Builds the inbox web app (web/ → web/dist) with Vite. With --if-stale it builds only when
// web/dist is missing or older than a source file, so a second `npm start` is not slowed down.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const web = path.join(root, 'web');
const built = path.join(web, 'dist', 'index.html');

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

if (process.argv.includes('--if-stale') && fs.existsSync(built) && fs.statSync(built).mtimeMs >= newestSource(web)) process.exit(0);
console.log('building the web app (web/ → web/dist)…');
const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const result = spawnSync(process.execPath, [vite, 'build', '--config', path.join(web, 'vite.config.ts'), '--logLevel', 'warn'], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
