import fs from 'node:fs';
import path from 'node:path';

/**
 * The Node flags `npm start` runs the server with: package.json's start script, the part between
 * `node` and `dist/server/main.js`. The image (Dockerfile), the systemd unit
 * (deploy/snorq.service) and the production start check run the same ones
 * (test/unit/build/start-flags.test.ts); the benchmarks' children run with them too, so what they
 * measure is what a production start runs.
 */
export function startFlags(root = process.cwd()): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const start = /(?:^|&& )node ((?:--\S+ )*)dist\/server\/main\.js$/.exec(pkg.scripts.start ?? '');
  if (!start) throw new Error(`package.json's start script does not end with "node [flags] dist/server/main.js": ${pkg.scripts.start}`);
  return start[1]!.trim().split(' ').filter(Boolean);
}
