import { loadConfig } from '../../src/config/config.ts';
import { createLogger, flushLog } from '../../src/server/create-logger.ts';
import { startSnorq } from '../../src/start-snorq.ts';
import { serveUntilStopped } from './child-main.ts';

/**
 * snorq for the benchmarks, in its own process: configuration from the environment → the logger
 * and startSnorq, as src/main.ts does for `npm start` (the sandbox is off: the benchmark brings its
 * own channel; stdout is a log file, so the logger is the production one, buffered). Tells the
 * parent over IPC where it listens and stops cleanly when asked or orphaned.
 */
const config = loadConfig();
const log = createLogger(config);
const snorq = await startSnorq(config, log);

serveUntilStopped(
  'snorq',
  async () => {
    await snorq.stop();
    await flushLog(log);
  },
  { url: snorq.url, databaseUrl: snorq.database.connectionString },
);
