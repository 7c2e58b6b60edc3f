import fs from 'node:fs/promises';
import { descendants } from './proc-tree.ts';

/**
 * Memory of a process and all its descendants, read from /proc (Linux). snorq's embedded
 * PostgreSQL is a child of snorq, and every backend a child of the postmaster, so the tree of
 * snorq's pid is "the app + its database".
 *
 * Three figures per process, from /proc/<pid>/smaps_rollup:
 * - RSS: every page the process has mapped and resident, its own or shared. Summed over the tree
 *   it counts each shared page once per process that touched it: PostgreSQL's shared buffers (and
 *   its binary and libraries) appear once in the postmaster and again in every backend and helper
 *   that read them. Summed RSS therefore grows with the number of backends even when no memory is
 *   added, and overstates what the tree occupies (it is an upper bound, not a footprint).
 * - PSS (proportional set size): each shared page divided by the number of processes sharing it.
 *   Summed over the tree it is what the tree occupies — each page counted once — when the pages'
 *   sharers are all in the tree (true of PostgreSQL's shared memory; libc shared with processes
 *   outside the tree is split with them, a few MB at most). This is "app + database together".
 * - USS (unique set size): the pages only this process maps (Private_Clean + Private_Dirty). What
 *   ending the process would free; the tree's USS plus its shared pages counted once is its PSS.
 *
 * Each process is also put in a kind (snorq's Node.js process, the postmaster, a client backend,
 * a PostgreSQL helper such as the checkpointer or an io worker, anything else) so the report can
 * say where the memory is.
 */
export type ProcessKind = 'node' | 'postmaster' | 'backend' | 'helper' | 'other';
export const PROCESS_KINDS: readonly ProcessKind[] = ['node', 'postmaster', 'backend', 'helper', 'other'];

export interface MemoryFigures {
  processes: number;
  rssMb: number;
  pssMb: number;
  ussMb: number;
}

export interface TreeMemory extends MemoryFigures {
  /** The root process alone (snorq's Node.js process). */
  rootRssMb: number;
  rootPssMb: number;
  /** The tree's PSS that is shared memory (PostgreSQL's shared buffers and other shmem), counted once. */
  shmemPssMb: number;
  /**
   * The tree's PSS that is file-backed (executables and libraries: node's binary, PostgreSQL's).
   * Pages of a binary that other processes map too are split with them, so this part shrinks when
   * the machine runs more node processes (other work) and grows when it runs fewer: compare runs on
   * the rest (anonymous memory and shared memory), which only snorq and its database decide.
   */
  filePssMb?: number;
  byKind: Record<ProcessKind, MemoryFigures>;
}

export interface ProcessMemory {
  pid: number;
  kind: ProcessKind;
  /** Its command line, or the title PostgreSQL gave it ("postgres: checkpointer"). */
  title: string;
  rssKb: number;
  pssKb: number;
  ussKb: number;
  shmemPssKb: number;
  filePssKb: number;
}

const emptyFigures = (): MemoryFigures => ({ processes: 0, rssMb: 0, pssMb: 0, ussMb: 0 });
const emptyKinds = (): Record<ProcessKind, MemoryFigures> => ({ node: emptyFigures(), postmaster: emptyFigures(), backend: emptyFigures(), helper: emptyFigures(), other: emptyFigures() });

/** `exclude`: processes of the tree that are not snorq's (the benchmark's own database connection). */
export async function treeMemory(rootPid: number, exclude: ReadonlySet<number> = new Set()): Promise<TreeMemory> {
  const pids = (await descendants(rootPid)).filter((pid) => !exclude.has(pid));
  const out: TreeMemory = { processes: 0, rssMb: 0, pssMb: 0, ussMb: 0, rootRssMb: 0, rootPssMb: 0, shmemPssMb: 0, filePssMb: 0, byKind: emptyKinds() };
  for (const pid of pids) {
    const p = await processMemory(pid, rootPid);
    if (!p) continue; // exited meanwhile
    const mb = (kb: number) => kb / 1024;
    out.processes++;
    out.rssMb += mb(p.rssKb);
    out.pssMb += mb(p.pssKb);
    out.ussMb += mb(p.ussKb);
    out.shmemPssMb += mb(p.shmemPssKb);
    out.filePssMb = (out.filePssMb ?? 0) + mb(p.filePssKb);
    if (pid === rootPid) {
      out.rootRssMb = mb(p.rssKb);
      out.rootPssMb = mb(p.pssKb);
    }
    const k = out.byKind[p.kind];
    k.processes++;
    k.rssMb += mb(p.rssKb);
    k.pssMb += mb(p.pssKb);
    k.ussMb += mb(p.ussKb);
  }
  return out;
}

/** One process's figures (null once it has exited); `rootPid` is the tree's Node process. */
export async function processMemory(pid: number, rootPid: number): Promise<ProcessMemory | null> {
  const rollup = await fs.readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => null);
  if (rollup === null) return null;
  const field = (name: string) => Number(rollup.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0);
  const rssKb = field('Rss');
  if (rssKb === 0) return null; // a zombie, or gone between the two reads
  const title = (await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).replace(/\0+$/, '').replace(/\0/g, ' ');
  return {
    pid,
    kind: pid === rootPid ? 'node' : kindOf(title),
    title,
    rssKb,
    pssKb: field('Pss'),
    ussKb: field('Private_Clean') + field('Private_Dirty'),
    shmemPssKb: field('Pss_Shmem'),
    filePssKb: field('Pss_File'),
  };
}

/**
 * PostgreSQL retitles its children: "postgres: user db 127.0.0.1(port) idle" for a client
 * backend, "postgres: checkpointer", "postgres: io worker 0"… for helpers. The postmaster keeps
 * its command line (".../postgres -D <dir> …").
 */
function kindOf(title: string): ProcessKind {
  if (/^postgres: \S+ \S+ (\[local\]|\S+\(\d+\))/.test(title)) return 'backend';
  if (title.startsWith('postgres: ')) return 'helper';
  if (/(^|\/)postgres /.test(title) && title.includes(' -D ')) return 'postmaster';
  return 'other';
}

/** Sample the tree's memory every `everyMs` until `stop()`; returns the samples. */
export function sampleTreeMemory(rootPid: number, everyMs: number, exclude: ReadonlySet<number> = new Set()): { stop(): Promise<TreeMemory[]> } {
  const samples: TreeMemory[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      samples.push(await treeMemory(rootPid, exclude));
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

/** The sample of median PSS (a real sample: its figures and breakdown belong together). */
export function medianSample(samples: readonly TreeMemory[]): TreeMemory {
  const sorted = [...samples].sort((a, b) => a.pssMb - b.pssMb);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/**
 * The sample of highest PSS (the judged figure), with the summed RSS and the snorq process's RSS
 * replaced by their own maxima over the samples (they may peak at another moment).
 */
export function peakSample(samples: readonly TreeMemory[]): TreeMemory {
  const top = samples.reduce((a, b) => (b.pssMb > a.pssMb ? b : a));
  return {
    ...top,
    processes: Math.max(...samples.map((s) => s.processes)),
    rssMb: Math.max(...samples.map((s) => s.rssMb)),
    rootRssMb: Math.max(...samples.map((s) => s.rootRssMb)),
  };
}

/** One line for the log: totals, then PSS by kind. */
export function describeMemory(m: TreeMemory): string {
  const kinds = PROCESS_KINDS.filter((k) => m.byKind[k].processes > 0).map((k) => `${k} ${m.byKind[k].processes}× ${m.byKind[k].pssMb.toFixed(1)}`);
  return `RSS ${m.rssMb.toFixed(1)} MB summed, PSS ${m.pssMb.toFixed(1)} MB (shmem ${m.shmemPssMb.toFixed(1)}, files ${(m.filePssMb ?? 0).toFixed(1)}), USS ${m.ussMb.toFixed(1)} MB, ${m.processes} processes; PSS by kind: ${kinds.join(', ')}`;
}
