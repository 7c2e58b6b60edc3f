import fs from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux's usual builds). */
const TICKS = 100;

/**
 * The CPU seconds (user + system) this process and every live process under it have used, with
 * what their exited children used (a process's `cutime`, `cstime`: Chromium's renderers, once its
 * browser process has reaped them). Where the suite's CPU goes per file (time-reporter.ts): the
 * worker's own Node and the Chromium it launched. PostgreSQL is the run's, not a worker's, and is
 * not counted here. Undefined where there is no /proc (not Linux).
 *
 * `/usr/bin/time npm test` undercounts the suite: Playwright kills its Chromium when a worker
 * exits, and the orphaned browser is reaped by init, so its CPU is nobody's child's.
 */
export function processTreeCpu(root: number = process.pid): number | undefined {
  const table = readProcesses();
  return table && treeCpu(table, root);
}

interface ProcessTable {
  cpu: Map<number, number>;
  /** Its own user + system time, without its children's. */
  own: Map<number, number>;
  name: Map<number, string>;
  children: Map<number, number[]>;
}

function readProcesses(): ProcessTable | undefined {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return undefined;
  }
  const table: ProcessTable = { cpu: new Map(), own: new Map(), name: new Map(), children: new Map() };
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // Fields after the command (which may hold spaces and parentheses): state, ppid, … utime (14th field), stime, cutime, cstime.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(entry);
    const ppid = Number(f[1]);
    table.own.set(pid, (Number(f[11]) + Number(f[12])) / TICKS);
    table.cpu.set(pid, (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / TICKS);
    table.name.set(pid, stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
    table.children.set(ppid, [...(table.children.get(ppid) ?? []), pid]);
  }
  return table;
}

function treeCpu(table: ProcessTable, root: number): number {
  let sum = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    sum += table.cpu.get(pid) ?? 0;
    stack.push(...(table.children.get(pid) ?? []));
  }
  return sum;
}

/**
 * The CPU of a run's parts that no test file's figure holds, read in vitest's own process at the
 * run's end (time-reporter.ts): that process's own (it transforms the files for the workers and
 * runs the reporters), the run's PostgreSQL (the postmaster under it, with every backend it has
 * reaped), and what it started and has reaped (the builds of the global set-up, workers that
 * ended). Undefined where there is no /proc.
 */
export function runCpu(): { own: number; postgres: number; reaped: number } | undefined {
  const table = readProcesses();
  if (!table) return undefined;
  let postgres = 0;
  // The postmaster: the topmost `postgres` under this process (its backends are its children).
  const stack = [...(table.children.get(process.pid) ?? [])];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    if (table.name.get(pid) === 'postgres') postgres += treeCpu(table, pid);
    else stack.push(...(table.children.get(pid) ?? []));
  }
  const own = table.own.get(process.pid) ?? 0;
  return { own, postgres, reaped: (table.cpu.get(process.pid) ?? 0) - own };
}
