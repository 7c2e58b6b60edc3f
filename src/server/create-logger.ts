import { createRequire } from 'node:module';
import type { Writable } from 'node:stream';
import pino, { type DestinationStream, type Logger } from 'pino';
import type prettyStream from 'pino-pretty';
import { LOG_REDACT_PATHS, type Config } from '../config/config.ts';

/**
 * How long a log line may wait in the buffer when little is logged, and how much the buffer may
 * hold before lines are dropped (counted by pino's `drop` event: see bufferedStdout).
 */
const LOG_FLUSH_INTERVAL_MS = 500;
const LOG_BUFFER_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * snorq's logger: JSON lines for log collectors, and readable lines when a person watches the
 * terminal (stdout is a TTY, as under `npm start`). Secrets are redacted before either format.
 * pino-pretty runs as a plain stream in this thread, not as a worker transport: nothing is loaded
 * when stdout is not a terminal (it is required here, not imported: pino-pretty and its
 * dependencies are ~30 modules a production start need not hold), and no thread (memory) is added
 * when it is.
 *
 * With no `out` given and stdout not a terminal (production), lines go through a buffered,
 * asynchronous destination instead of `process.stdout`, whose writes to a file or a pipe are
 * synchronous: a slow disk or a log reader that stops reading (a stalled container log driver)
 * would otherwise stop every request at its log line (bench/FINDINGS.md: 4.3 s of a query phase's
 * 30.6 s was the thread inside the access line's write()).
 */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, out?: Writable & { isTTY?: boolean }): Logger {
  const options = { level: config.LOG_LEVEL, redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' } };
  const target = out ?? process.stdout;
  if (target.isTTY !== true) return pino(options, out ?? bufferedStdout());
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof prettyStream;
  return pino(options, pretty({ destination: target, colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', sync: true }));
}

/**
 * stdout as pino's SonicBoom destination, asynchronous: lines collect in memory and are written
 * from libuv's thread pool once 4 KB are waiting or every LOG_FLUSH_INTERVAL_MS, and pino writes
 * what is left synchronously when the process exits (it registers that itself for an
 * asynchronous destination), so `process.exit` after a fatal line still prints it. A SIGKILL
 * loses at most the last half second. If the reader stops altogether the buffer stops at
 * LOG_BUFFER_LIMIT_BYTES and newer lines are dropped, counted and reported once it reads again,
 * instead of snorq's memory growing or its requests waiting.
 */
export function bufferedStdout(limitBytes = LOG_BUFFER_LIMIT_BYTES): DestinationStream {
  const destination = pino.destination({
    dest: 1,
    sync: false,
    minLength: 4096,
    maxLength: limitBytes,
    periodicFlush: LOG_FLUSH_INTERVAL_MS,
  });
  let dropped = 0;
  destination.on('drop', () => {
    dropped++;
  });
  destination.on('drain', () => {
    if (dropped === 0) return;
    const lost = dropped;
    dropped = 0;
    destination.write(`${JSON.stringify({ level: 40, time: Date.now(), msg: 'log lines dropped: stdout was not read', dropped: lost })}\n`);
  });
  return destination;
}

/**
 * Resolves once every line logged so far is written (the buffered destination's flush; at once for
 * the others). An orderly stop awaits it before `process.exit`: pino's own exit hook writes what is
 * still buffered, but not a chunk whose asynchronous write is under way in the thread pool then.
 */
export function flushLog(log: Logger): Promise<void> {
  return new Promise((resolve) => log.flush(() => resolve()));
}
