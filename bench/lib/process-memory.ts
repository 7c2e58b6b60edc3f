import fs from 'node:fs/promises';

/**
 * Memory of a process and all its descendants, read from /proc (Linux). snorq's embedded
 * PostgreSQL is a child of snorq, and every backend a child of the postmaster, so the tree of
 * snorq's pid is "the app + its database".
 *
 * RSS summed over processes counts pages they share (PostgreSQL's shared buffers, the binary)
 * once per process, so it overstates; PSS splits each shared page between its sharers and sums
 * to what the tree really occupies. Both are reported; the bars use RSS (the stricter one).
 */
export interface TreeMemory {
  processes: number;
  rssMb: number;
  pssMb: number;
  /** The root process alone (snorq's Node.js process). */
  rootRssMb: number;
}

export async function treeMemory(rootPid: number): Promise<TreeMemory> {
  const pids = await descendants(rootPid);
  let rssKb = 0;
  let pssKb = 0;
  let counted = 0;
  let rootKb = 0;
  for (const pid of pids) {
    const rss = await statusField(pid, 'VmRSS');
    if (rss === null) continue; // exited meanwhile
    if (pid === rootPid) rootKb = rss;
    counted++;
    rssKb += rss;
    pssKb += (await rollupField(pid, 'Pss')) ?? rss;
  }
  return { processes: counted, rssMb: rssKb / 1024, pssMb: pssKb / 1024, rootRssMb: rootKb / 1024 };
}

/** `rootPid` and every process below it. */
async function descendants(rootPid: number): Promise<number[]> {
  const children = new Map<number, number[]>();
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await fs.readFile(`/proc/${entry}/stat`, 'utf8').catch(() => null);
    if (!stat) continue;
    // "pid (comm) state ppid …": comm may contain spaces and parentheses, so split after the last ')'
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  const out: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

async function statusField(pid: number, field: string): Promise<number | null> {
  const text = await fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => null);
  const m = text?.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return m ? Number(m[1]) : null;
}

async function rollupField(pid: number, field: string): Promise<number | null> {
  const text = await fs.readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => null);
  const m = text?.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return m ? Number(m[1]) : null;
}

/** Sample the tree's memory every `everyMs` until `stop()`; returns the samples. */
export function sampleTreeMemory(rootPid: number, everyMs: number): { stop(): Promise<TreeMemory[]> } {
  const samples: TreeMemory[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      samples.push(await treeMemory(rootPid));
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return samples;
    },
  };
}
