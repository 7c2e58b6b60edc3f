import fs from 'node:fs/promises';
import { descendants, statFields } from './proc-tree.ts';

/**
 * CPU time consumed by a process and by its descendants, from /proc/<pid>/stat (Linux; user +
 * system, in ms). On a shared, noisy machine a rate in messages per second moves with whatever
 * else runs; the CPU time spent per message hardly does, so the ingestion benchmark reports both.
 * snorq's embedded PostgreSQL (postmaster and backends) are descendants of the snorq process.
 */
export interface TreeCpu {
  /** The root process alone (snorq's Node.js process). */
  rootMs: number;
  /** Every descendant (the database), including exited ones' time reaped into their parents. */
  descendantsMs: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU time of one process (user + system) and of its children it has reaped, in ms; null once it is gone. */
async function cpuOf(pid: number): Promise<{ ownMs: number; reapedMs: number } | null> {
  const text = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (text === null) return null;
  const fields = statFields(text);
  const num = (field: number) => Number(fields[field - 3]);
  return { ownMs: (num(14) + num(15)) * TICK_MS, reapedMs: (num(16) + num(17)) * TICK_MS };
}

export async function treeCpu(rootPid: number): Promise<TreeCpu> {
  const [, ...below] = await descendants(rootPid);
  const root = await cpuOf(rootPid);
  if (!root) throw new Error(`no process ${rootPid}`);
  let descendantsMs = root.reapedMs;
  for (const pid of below) {
    const c = await cpuOf(pid);
    if (c) descendantsMs += c.ownMs + c.reapedMs;
  }
  return { rootMs: root.ownMs, descendantsMs };
}

/** CPU seconds of a process and all its descendants (the scale-out benchmark's unit). */
export async function treeCpuSeconds(rootPid: number): Promise<number> {
  const t = await treeCpu(rootPid);
  return (t.rootMs + t.descendantsMs) / 1000;
}

/** CPU seconds this process (the benchmark's load generator) has used so far. */
export function selfCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Busy CPU seconds of the whole machine so far, all cores (everything in /proc/stat but idle and iowait). */
export async function machineBusySeconds(): Promise<number> {
  const line = (await fs.readFile('/proc/stat', 'utf8')).split('\n')[0]!;
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number) as number[];
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / 100;
}
