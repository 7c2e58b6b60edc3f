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
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return undefined;
  }
  const cpu = new Map<number, number>();
  const children = new Map<number, number[]>();
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
    cpu.set(pid, (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / TICKS);
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  let sum = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    sum += cpu.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return sum;
}
