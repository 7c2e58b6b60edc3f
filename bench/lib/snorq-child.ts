import pino from 'pino';
import { LOG_REDACT_PATHS, loadConfig } from '../../src/config/config.ts';
import { startSnorq } from '../../src/start-snorq.ts';
import { serveUntilStopped } from './child-main.ts';

/**
 * snorq for the benchmarks, in its own process: configuration from the environment → startSnorq,
 * as src/main.ts does for `npm start` (the sandbox is off: the benchmark brings its own channel).
 * Tells the parent over IPC where it listens and stops cleanly when asked or orphaned.
 */
const config = loadConfig();
const log = pino({ level: config.LOG_LEVEL, redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' } });
const snorq = await startSnorq(config, log);

serveUntilStopped('snorq', () => snorq.stop(), { url: snorq.url, databaseUrl: snorq.database.connectionString });
