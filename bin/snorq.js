#!/usr/bin/env node
// `npx snorq <command>`: runs the TypeScript CLI through tsx (a dependency), with the caller's
// environment and working directory, so DATA_DIR and DATABASE_URL mean what they mean for npm start.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const result = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(root, 'src/cli/index.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
