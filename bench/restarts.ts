import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.ts';
import { freePort } from '../src/db/free-port.ts';
import type { BenchContext } from './lib/context.ts';
import { fmt, fmtRatio, Markdown, verdict } from './lib/markdown.ts';
import { treeCpu } from './lib/process-cpu.ts';
import { BENCH_WHATSAPP } from './lib/snorq-process.ts';
import { median } from './lib/stats.ts';
import { startEnvironment, startFlags } from './lib/start-flags.ts';

/**
 * Restarts: how long `npm start`'s process (dist/server/main.js on its embedded PostgreSQL) takes
 * from its spawn to a 200 from /readyz, after a clean stop (SIGTERM) and after a SIGKILL (its
 * PostgreSQL is left orphaned with its lock file, as after a crash or the OOM killer; the next
 * start must stop it first). The baseline, in the same rounds: snorq's embedded PostgreSQL alone
 * starting on the same cluster and answering `select 1`, the floor of any restart.
 */
export interface RestartResult {
  rounds: number;
  /** First start on an empty DATA_DIR: initdb and every migration (no bar). */
  firstStartMs: number;
  cleanMs: number[];
  killedMs: number[];
  /** CPU time (user + system) of snorq's Node.js process from its spawn to ready: what the load of a shared machine hardly moves. */
  cleanCpuMs: number[];
  killedCpuMs: number[];
  postgresAloneMs: number[];
}

const BAR_MS = 3_000;

/** `withDatabase` is called once with the PostgreSQL alone's URL (the report describes the machine from it). */
export async function runRestarts(ctx: BenchContext, withDatabase: (url: string) => Promise<void>): Promise<RestartResult> {
  execFileSync(process.execPath, ['scripts/build-web.js', '--if-stale'], { stdio: 'ignore' });
  execFileSync(process.execPath, ['scripts/build-server.js', '--if-stale'], { stdio: 'ignore' });
  const dataDir = path.resolve('.bench-data', 'restarts');
  await fs.rm(dataDir, { recursive: true, force: true });
  const port = await freePort();
  const start = async () => {
    const began = performance.now();
    const child = spawnSnorq(dataDir, port);
    await readyOrExit(child, port);
    const ms = performance.now() - began;
    return { child, ms, cpuMs: (await treeCpu(child.pid!)).rootMs };
  };

  const first = await start();
  let child = first.child;
  ctx.log(`restarts: first start (initdb + migrations) ready in ${fmt(first.ms, 0)} ms`);
  const result: RestartResult = { rounds: ctx.rounds, firstStartMs: first.ms, cleanMs: [], killedMs: [], cleanCpuMs: [], killedCpuMs: [], postgresAloneMs: [] };
  try {
    for (let round = 1; round <= ctx.rounds; round++) {
      await stopCleanly(child);
      result.postgresAloneMs.push(await timePostgresAlone(dataDir, round === 1 ? withDatabase : undefined));
      const afterStop = await start();
      result.cleanMs.push(afterStop.ms);
      result.cleanCpuMs.push(afterStop.cpuMs);
      afterStop.child.kill('SIGKILL');
      await exited(afterStop.child);
      const afterKill = await start();
      child = afterKill.child;
      result.killedMs.push(afterKill.ms);
      result.killedCpuMs.push(afterKill.cpuMs);
      ctx.log(
        `restarts round ${round}/${ctx.rounds}: after a clean stop ${fmt(afterStop.ms, 0)} ms (CPU ${fmt(afterStop.cpuMs, 0)} ms), after SIGKILL ${fmt(afterKill.ms, 0)} ms (CPU ${fmt(afterKill.cpuMs, 0)} ms), PostgreSQL alone ${fmt(result.postgresAloneMs.at(-1)!, 0)} ms`,
      );
    }
  } finally {
    await stopCleanly(child);
  }
  return result;
}

function spawnSnorq(dataDir: string, port: number): ChildProcess {
  return spawn(process.execPath, [...startFlags(), 'dist/server/main.js'], {
    // a clean environment, as startBenchSnorq's: nothing of the caller's leaks in
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...startEnvironment(),
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      PUBLIC_URL: 'http://127.0.0.1:9',
      LOG_LEVEL: 'warn',
      SIMULATOR: 'off',
      SYNC_INTERVAL_SECONDS: '0',
      WHATSAPP_PHONE_NUMBER_ID: BENCH_WHATSAPP.phoneNumberId,
      WHATSAPP_ACCESS_TOKEN: 'bench-access-token',
      WHATSAPP_APP_SECRET: BENCH_WHATSAPP.appSecret,
      META_GRAPH_URL: 'http://127.0.0.1:9',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Polls /readyz every 10 ms until it answers 200; fails if the process exits first. */
async function readyOrExit(child: ChildProcess, port: number): Promise<void> {
  let gone: Error | undefined;
  child.once('exit', (code, signal) => (gone = new Error(`snorq exited (${code ?? signal}) before it was ready`)));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (gone) throw gone;
    const status = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.arrayBuffer().then(() => r.status),
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error('snorq was not ready within 120 s');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function stopCleanly(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await exited(child);
}

const exited = (child: ChildProcess) => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve())));

/** snorq's embedded PostgreSQL alone on the same cluster: started, answering `select 1`, stopped. */
async function timePostgresAlone(dataDir: string, withDatabase?: (url: string) => Promise<void>): Promise<number> {
  const began = performance.now();
  const db = await startEmbeddedPostgres({ dataDir, log: () => undefined });
  const client = new pg.Client({ connectionString: db.connectionString });
  await client.connect();
  await client.query('select 1');
  const ms = performance.now() - began;
  await client.end();
  await withDatabase?.(db.connectionString);
  await db.stop();
  return ms;
}

export function restartVerdicts(r: RestartResult): { clean: boolean; killed: boolean } {
  return { clean: median(r.cleanMs) < BAR_MS, killed: median(r.killedMs) < BAR_MS };
}

export function reportRestarts(md: Markdown, r: RestartResult): void {
  const alone = median(r.postgresAloneMs);
  const { clean, killed } = restartVerdicts(r);
  const row = (name: string, list: number[], cpu: number[], met: boolean) => [
    name,
    `${fmt(median(list), 0)} ms (${list.map((x) => fmt(x, 0)).join(', ')})`,
    `${fmt(median(cpu), 0)} ms`,
    `${fmt(alone, 0)} ms`,
    fmtRatio(median(list) / alone),
    verdict(met),
  ];
  md.heading(2, '7. Restarts')
    .paragraph(
      "`npm start`'s process (dist/server/main.js on its embedded PostgreSQL, fsync on) is spawned and timed until /readyz answers 200 (polled every 10 ms), " +
        `${r.rounds} rounds of: a clean stop (SIGTERM) and a start, then a SIGKILL of the app (its PostgreSQL is left running, orphaned, with its lock file, as ` +
        'after a crash or the OOM killer) and a start, which must stop the orphan first. The baseline, in the same rounds: the same embedded PostgreSQL alone ' +
        `started on the same cluster and answering \`select 1\`. The first start on an empty DATA_DIR (initdb and every migration) took ${fmt(r.firstStartMs, 0)} ms (no bar).`,
    )
    .table(
      ['ready (bar < 3 s)', 'snorq: median (each round)', "CPU of snorq's process until ready (median)", 'PostgreSQL alone (median)', 'ratio', 'verdict'],
      [row('after a clean stop', r.cleanMs, r.cleanCpuMs, clean), row('after SIGKILL', r.killedMs, r.killedCpuMs, killed)],
    );
}
