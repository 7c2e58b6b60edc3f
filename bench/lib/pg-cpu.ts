import fs from 'node:fs/promises';
import { descendants, statFields } from './proc-tree.ts';

/**
 * CPU time of snorq's embedded PostgreSQL by kind of process, from /proc (Linux; user + system,
 * in ms). The benchmark's own connections (its pg_stat_activity sampler, its counters) are
 * backends of the same cluster: their time is kept apart so it is not charged to snorq's
 * messages (at 100 samples a second it was ~0.1–0.8 ms per message at the rates of a loaded
 * machine). Autovacuum workers exit when done, so their time mostly arrives as time the
 * postmaster reaped from exited children (`exited`), together with that of closed connections.
 */
export interface PgCpu {
  /** Backends of snorq's own connections (its pool, its LISTEN connection). */
  snorqBackends: number;
  /** Backends of the benchmark's connections (`benchPids`). */
  benchBackends: number;
  /** Autovacuum workers still running at the moment of reading. */
  autovacuum: number;
  /** The postmaster, checkpointer, WAL writer, background writer, I/O workers, autovacuum launcher. */
  background: number;
  /** Time of exited children reaped by the postmaster (autovacuum workers, closed connections). */
  exited: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

async function readProc(pid: number): Promise<{ own: number; reaped: number; title: string } | null> {
  const [stat, cmdline] = await Promise.all([fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null), fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')]);
  if (stat === null) return null;
  const f = statFields(stat);
  const num = (field: number) => Number(f[field - 3]);
  return { own: (num(14) + num(15)) * TICK_MS, reaped: (num(16) + num(17)) * TICK_MS, title: cmdline.replace(/\0/g, ' ').trim() };
}

/** The PostgreSQL processes below snorq's process `rootPid`, their CPU time by kind. */
export async function pgCpu(rootPid: number, benchPids: ReadonlySet<number>): Promise<PgCpu> {
  const [, ...below] = await descendants(rootPid);
  const out: PgCpu = { snorqBackends: 0, benchBackends: 0, autovacuum: 0, background: 0, exited: 0 };
  for (const pid of below) {
    const p = await readProc(pid);
    if (!p) continue;
    out.exited += p.reaped;
    // A backend's title: "postgres: <user> <database> <host>(<port>) <state>".
    if (benchPids.has(pid)) out.benchBackends += p.own;
    else if (/^postgres: \S+ \S+ [\d.:a-f[\]]+\(\d+\)/.test(p.title)) out.snorqBackends += p.own;
    else if (p.title.startsWith('postgres: autovacuum worker')) out.autovacuum += p.own;
    else out.background += p.own;
  }
  return out;
}

export function pgCpuDelta(before: PgCpu, after: PgCpu): PgCpu {
  return {
    snorqBackends: after.snorqBackends - before.snorqBackends,
    benchBackends: after.benchBackends - before.benchBackends,
    autovacuum: after.autovacuum - before.autovacuum,
    background: after.background - before.background,
    exited: after.exited - before.exited,
  };
}

/** Everything the database spent for snorq: all of it but the benchmark's own connections. */
export const forSnorq = (c: PgCpu): number => c.snorqBackends + c.autovacuum + c.background + c.exited;
