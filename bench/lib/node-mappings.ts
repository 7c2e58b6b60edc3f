import fs from 'node:fs/promises';
import { processMemory } from './process-memory.ts';
import { descendants } from './proc-tree.ts';

/**
 * Where a Node process's memory is, by mapping (/proc/<pid>/smaps): the memory benchmark's
 * /proc figures and V8's heap statistics say how much of snorq's process is V8's heap, not what
 * the rest is. The rest is Node's binary (its code, and ICU's data, which is built into it),
 * the shared libraries, glibc malloc's heaps (the main thread's brk heap and one arena per
 * thread that allocated), thread stacks, and anonymous mappings — V8's heap pages, its JIT code,
 * and malloc's own mmaps of large blocks (Buffers among them), which smaps cannot tell apart.
 *
 * Classified by what the kernel shows of each mapping:
 * - a file path: the node binary or another file (libraries);
 * - `[heap]`: the main thread's malloc heap (brk); `[stack]`: the main thread's stack;
 * - glibc's per-thread arenas: it reserves each one as a 64 MB region aligned on 64 MB (HEAP_MAX_SIZE
 *   on 64-bit), of which the used start is read-write and the rest `---p`: an anonymous read-write
 *   mapping starting on a 64 MB boundary and directly followed by a `---p` mapping that ends 64 MB
 *   after that start (or read-write over all 64 MB);
 * - thread stacks: an anonymous read-write mapping directly after a one-page `---p` guard, of a
 *   thread stack's size (256 KB to 8 MB + a page);
 * - executable anonymous memory: V8's JIT code;
 * - any other anonymous memory: V8's heap and malloc's large blocks.
 */
export type MappingKind = 'node binary' | 'other files' | 'malloc brk heap' | 'malloc thread arenas' | 'thread stacks' | 'JIT code' | 'other anonymous (V8 heap, large malloc blocks)';

export interface MappingFigures {
  mappings: number;
  rssKb: number;
  pssKb: number;
  /** Private_Clean + Private_Dirty. */
  ussKb: number;
}

const ARENA = 64 * 1024 * 1024;

interface Mapping {
  start: number;
  end: number;
  perms: string;
  path: string;
  rssKb: number;
  pssKb: number;
  ussKb: number;
}

function parseSmaps(text: string): Mapping[] {
  const out: Mapping[] = [];
  let cur: Mapping | undefined;
  for (const line of text.split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S{4}) \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (head) {
      cur = { start: parseInt(head[1]!, 16), end: parseInt(head[2]!, 16), perms: head[3]!, path: head[4]!.trim(), rssKb: 0, pssKb: 0, ussKb: 0 };
      out.push(cur);
      continue;
    }
    const field = /^(Rss|Pss|Private_Clean|Private_Dirty):\s+(\d+) kB/.exec(line);
    if (!field || !cur) continue;
    const kb = Number(field[2]);
    if (field[1] === 'Rss') cur.rssKb = kb;
    else if (field[1] === 'Pss') cur.pssKb = kb;
    else cur.ussKb += kb;
  }
  return out;
}

function kindOf(m: Mapping, prev: Mapping | undefined, next: Mapping | undefined): MappingKind {
  if (m.path === '[heap]') return 'malloc brk heap';
  if (m.path === '[stack]') return 'thread stacks';
  if (m.path.startsWith('/')) return /\/node$/.test(m.path) ? 'node binary' : 'other files';
  if (m.path !== '') return 'other anonymous (V8 heap, large malloc blocks)'; // [vvar], [vdso] and the like: a few pages
  if (m.perms.includes('x')) return 'JIT code';
  if (m.perms.startsWith('rw')) {
    // Both ends, not the start's alignment alone: V8's heap pages and small guarded mappings also
    // start on a 64 MB boundary now and then (a clean-clone run counted 6 "arenas" with two).
    const reserved = next && next.perms === '---p' && next.start === m.end && next.end - m.start === ARENA;
    if (m.start % ARENA === 0 && (reserved || m.end - m.start === ARENA)) return 'malloc thread arenas';
    const size = m.end - m.start;
    const guarded = prev && prev.perms === '---p' && prev.end === m.start && prev.end - prev.start === 4096;
    if (guarded && size >= 256 * 1024 && size <= 8 * 1024 * 1024 + 4096) return 'thread stacks';
  }
  return 'other anonymous (V8 heap, large malloc blocks)';
}

/** The process's memory by kind of mapping, in kB. */
export async function nodeMappings(pid: number): Promise<Record<MappingKind, MappingFigures> | null> {
  const text = await fs.readFile(`/proc/${pid}/smaps`, 'utf8').catch(() => null);
  if (text === null) return null;
  const maps = parseSmaps(text);
  const out = {} as Record<MappingKind, MappingFigures>;
  maps.forEach((m, i) => {
    const k = kindOf(m, maps[i - 1], maps[i + 1]);
    const f = (out[k] ??= { mappings: 0, rssKb: 0, pssKb: 0, ussKb: 0 });
    f.mappings++;
    f.rssKb += m.rssKb;
    f.pssKb += m.pssKb;
    f.ussKb += m.ussKb;
  });
  return out;
}

/** How many threads the process runs (/proc/<pid>/status). */
export async function threadCount(pid: number): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? 0);
}

/** One line for the log: each kind's PSS and USS (MB), largest first. */
export function describeMappings(m: Record<MappingKind, MappingFigures> | null, threads: number): string {
  if (!m) return 'no smaps';
  const parts = Object.entries(m)
    .sort((a, b) => b[1].pssKb - a[1].pssKb)
    .map(([k, f]) => `${k} ${(f.pssKb / 1024).toFixed(1)} PSS / ${(f.rssKb / 1024).toFixed(1)} RSS / ${(f.ussKb / 1024).toFixed(1)} USS (${f.mappings})`);
  return `${threads} threads; ${parts.join(', ')}`;
}

/** Each PostgreSQL process of the tree below `rootPid` (not the root): its title and USS (MB), for the log. */
export async function describeChildren(rootPid: number, exclude: ReadonlySet<number> = new Set()): Promise<string> {
  const parts: string[] = [];
  for (const pid of (await descendants(rootPid)).slice(1)) {
    if (exclude.has(pid)) continue;
    const p = await processMemory(pid, rootPid);
    if (!p) continue; // exited meanwhile
    const short = p.title.startsWith('postgres: ') ? p.title.slice(10).replace(/^\S+ \S+ \S+\(\d+\) /, 'backend ') : 'postmaster';
    parts.push(`${short} ${(p.ussKb / 1024).toFixed(1)}`);
  }
  return parts.join('; ');
}
