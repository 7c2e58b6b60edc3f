import fs from 'node:fs/promises';
import path from 'node:path';
import type { HeapFigures } from './child-main.ts';
import { startChild, type RunningChild } from './child-process.ts';

/** What every benchmark snorq is configured with: one WhatsApp channel, a known admin. */
export const BENCH_WHATSAPP = { phoneNumberId: '100200300400500', appSecret: 'bench-app-secret' } as const;
export const BENCH_ADMIN = { email: 'bench@snorq.test', password: 'bench password 123' } as const;

export interface BenchSnorq {
  pid: number;
  url: string;
  databaseUrl: string;
  dataDir: string;
  /** A session token of the bench admin (Authorization: Bearer …). */
  login(): Promise<string>;
  /** snorq's V8 heap figures, asked over IPC (null if it does not answer). */
  heap(): Promise<HeapFigures | null>;
  heapSampling: RunningChild<unknown>['heapSampling'];
  heapSnapshot: RunningChild<unknown>['heapSnapshot'];
  stop(): Promise<void>;
}

export interface BenchSnorqOptions {
  /** Wipe .bench-data/<name> first. */
  fresh: boolean;
  /**
   * An external PostgreSQL (DATABASE_URL) instead of the embedded one; every instance given the
   * same URL and `secretKey` shares one database, as a scaled-out deployment does.
   */
  external?: { databaseUrl: string; secretKey: string };
}

/**
 * snorq in a child process with its embedded PostgreSQL (fsync on, as shipped) in
 * .bench-data/<name>, or on an external one (`external`). `fresh` wipes the directory first.
 * The log goes to .bench-data/logs/<name>.log.
 */
export async function startBenchSnorq(name: string, options: BenchSnorqOptions): Promise<BenchSnorq> {
  const dataDir = path.resolve('.bench-data', name);
  if (options.fresh) await fs.rm(dataDir, { recursive: true, force: true });
  await fs.mkdir(dataDir, { recursive: true });
  const child = await startChild<{ url: string; databaseUrl: string }>(
    'snorq-child.ts',
    {
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      PUBLIC_URL: 'http://127.0.0.1:9',
      // npm start's default level: every request and webhook is logged, as in production
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      SIMULATOR: 'off',
      // no platform is reachable here: history sync would only add failing calls to the measurement
      SYNC_INTERVAL_SECONDS: '0',
      ADMIN_EMAIL: BENCH_ADMIN.email,
      ADMIN_PASSWORD: BENCH_ADMIN.password,
      WHATSAPP_PHONE_NUMBER_ID: BENCH_WHATSAPP.phoneNumberId,
      WHATSAPP_ACCESS_TOKEN: 'bench-access-token',
      WHATSAPP_APP_SECRET: BENCH_WHATSAPP.appSecret,
      META_GRAPH_URL: 'http://127.0.0.1:9',
      ...(options.external && { DATABASE_URL: options.external.databaseUrl, SNORQ_SECRET_KEY: options.external.secretKey }),
    },
    { logFile: path.resolve('.bench-data', 'logs', `${name}.log`) },
  );
  const { url, databaseUrl } = child.ready;
  return {
    pid: child.pid,
    url,
    databaseUrl,
    dataDir,
    login: async () => {
      const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(BENCH_ADMIN) });
      if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { token: string }).token;
    },
    heap: child.heap,
    heapSampling: child.heapSampling,
    heapSnapshot: child.heapSnapshot,
    stop: child.stop,
  };
}

export async function startBareHmacServer(secret: string): Promise<{ pid: number; url: string; stop(): Promise<void> }> {
  const child = await startChild<{ url: string }>('bare-hmac-server.ts', { BARE_SECRET: secret });
  return { pid: child.pid, url: child.ready.url, stop: child.stop };
}
