import fs from 'node:fs';
import path from 'node:path';

/** package.json's start script's last command: `[NAME=value …] node [flags] dist/server/main.js`. */
function startCommand(root: string): { environment: string; flags: string } {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const start = /(?:^|&& )((?:[A-Z_]+=\S+ )*)node ((?:--\S+ )*)dist\/server\/main\.js$/.exec(pkg.scripts.start ?? '');
  if (!start) throw new Error(`package.json's start script does not end with "[NAME=value …] node [flags] dist/server/main.js": ${pkg.scripts.start}`);
  return { environment: start[1]!, flags: start[2]! };
}

/**
 * The Node flags `npm start` runs the server with: package.json's start script, the part between
 * `node` and `dist/server/main.js`. The image (Dockerfile), the systemd unit
 * (deploy/snorq.service) and the production start check run the same ones
 * (test/unit/build/start-flags.test.ts); the benchmarks' children run with them too, so what they
 * measure is what a production start runs.
 */
export function startFlags(root = process.cwd()): string[] {
  return startCommand(root).flags.trim().split(' ').filter(Boolean);
}

/**
 * The environment `npm start` sets for the server before `node` (variables read as the process
 * starts, such as glibc malloc's, which no code of snorq could set in time): the same in the
 * image, the unit and the production start check, and in the benchmarks' children.
 */
export function startEnvironment(root = process.cwd()): Record<string, string> {
  const pairs = startCommand(root).environment.trim().split(' ').filter(Boolean);
  return Object.fromEntries(pairs.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
}
