import { defineConfig } from 'vitest/config';
import base from '../vitest.config.ts';

/** bench/web-load.ts alone, with the suite's PostgreSQL set-up (see that file). mergeConfig would add to the suite's include, not replace it. */
export default defineConfig({ ...base, test: { ...base.test, include: ['bench/web-load.ts'], maxWorkers: 1 } });
