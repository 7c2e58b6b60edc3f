import fs from 'node:fs/promises';

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

async function statOf(pid: number): Promise<{ ppid: number; ownMs: number; reapedMs: number } | null> {
  const text = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (text === null) return null;
  // the command name (field 2) may contain spaces and parentheses: split after its closing one
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const num = (field: number) => Number(fields[field - 3]);
  return { ppid: num(4), ownMs: (num(14) + num(15)) * TICK_MS, reapedMs: (num(16) + num(17)) * TICK_MS };
}

export async function treeCpu(rootPid: number): Promise<TreeCpu> {
  const pids = (await fs.readdir('/proc')).filter((d) => /^\d+$/.test(d)).map(Number);
  const stats = new Map<number, { ppid: number; ownMs: number; reapedMs: number }>();
  for (const pid of pids) {
    const s = await statOf(pid);
    if (s) stats.set(pid, s);
  }
  const root = stats.get(rootPid);
  if (!root) throw new Error(`no process ${rootPid}`);
  let descendantsMs = root.reapedMs;
  const queue = [rootPid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [pid, s] of stats) {
      if (s.ppid !== parent) continue;
      descendantsMs += s.ownMs + s.reapedMs;
      queue.push(pid);
    }
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
