import { createRequire } from 'node:module';
import type { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import type prettyStream from 'pino-pretty';
import { LOG_REDACT_PATHS, type Config } from '../config/config.ts';

/**
 * snorq's logger: JSON lines for log collectors, and readable lines when a person watches the
 * terminal (stdout is a TTY, as under `npm start`). Secrets are redacted before either format.
 * pino-pretty runs as a plain stream in this thread, not as a worker transport: nothing is loaded
 * when stdout is not a terminal (it is required here, not imported: pino-pretty and its
 * dependencies are ~30 modules a production start need not hold), and no thread (memory) is added
 * when it is.
 */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, out: Writable & { isTTY?: boolean } = process.stdout): Logger {
  const options = { level: config.LOG_LEVEL, redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' } };
  if (out.isTTY !== true) return pino(options, out);
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof prettyStream;
  return pino(options, pretty({ destination: out, colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', sync: true }));
}
