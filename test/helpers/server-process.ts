import fs from 'node:fs';
import path from 'node:path';
import { startFlags } from '../../bench/lib/start-flags.ts';

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
  // startFlags reads package.json's start and refuses one that no longer ends with "node [flags] dist/server/main.js".
  const bundle = path.join(root, 'dist', 'server', 'main.js');
  if (!fs.existsSync(bundle)) throw new Error(`${bundle} is missing: the global set-up builds it (scripts/build-server.js)`);
  return { command: process.execPath, args: [...startFlags(root), bundle] };
}
