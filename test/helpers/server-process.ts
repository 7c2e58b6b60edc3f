import fs from 'node:fs';
import path from 'node:path';

/**
 * The command `npm start` ends with (package.json's `start`: the server bundled by
 * scripts/build-server.js, on plain Node with its flags), for the tests that run snorq as a real
 * process (crash, lifecycle). The run's global set-up builds the bundle before any file starts.
 *
 * They ran `node --import tsx src/main.ts` before, which compiles every source file at each start:
 * 2.6–3.1 s of CPU to ready against 1.1–1.3 s for the bundle (load ~8), and 17–21 s a start in a
 * whole run, four starts in `crash` and five in `lifecycle`. The bundle is also what users run.
 */
export function serverCommand(): { command: string; args: string[] } {
  const root = path.resolve(import.meta.dirname, '../..');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const last = pkg.scripts.start.split('&&').at(-1)!.trim().split(/\s+/);
  if (last[0] !== 'node' || !last.at(-1)!.endsWith('.js')) throw new Error(`package.json's start no longer ends with "node … <bundle>.js": ${pkg.scripts.start}`);
  const bundle = path.join(root, last.at(-1)!);
  if (!fs.existsSync(bundle)) throw new Error(`${bundle} is missing: the global set-up builds it (scripts/build-server.js)`);
  return { command: process.execPath, args: [...last.slice(1, -1), bundle] };
}
