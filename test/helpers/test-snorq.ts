import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config/config.ts';
import { startSnorq, type RunningSnorq, type StartOptions } from '../../src/start-snorq.ts';

/**
 * A whole snorq (HTTP on a real port, Socket.IO, workers) on a given database, as `npm start`
 * runs it; several may share one database to act as several instances.
 */
export async function startTestSnorq(databaseUrl: string, env: Record<string, string> = {}, options: StartOptions = {}): Promise<RunningSnorq> {
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: path.resolve('.test-data', `snorq-${randomBytes(4).toString('hex')}`),
    DATABASE_URL: databaseUrl,
    SNORQ_SECRET_KEY: Buffer.alloc(32, 9).toString('base64'),
    PUBLIC_URL: 'http://127.0.0.1:9',
    SIMULATOR: 'off',
    SYNC_INTERVAL_SECONDS: '0',
    LOG_LEVEL: 'silent',
    ...env,
  });
  return startSnorq(config, pino({ level: 'silent' }), options);
}
