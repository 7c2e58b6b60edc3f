import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { HeapFigures, HeapSamplingAnswer, HeapSamplingRequest } from './child-main.ts';
import { startEnvironment, startFlags } from './start-flags.ts';

export interface RunningChild<T> {
  pid: number;
  ready: T;
  /** The child's V8 heap figures (asked over IPC; null if it does not answer within 5 s). */
  heap(): Promise<HeapFigures | null>;
  /** Write a heap snapshot of the child to `file` (child-main.ts); resolves with the file. */
  heapSnapshot(file: string): Promise<string>;
  /** Start or stop V8's sampling heap profiler in the child (child-main.ts heapSampling). */
  heapSampling(request: Omit<HeapSamplingRequest, 'type'>): Promise<HeapSamplingAnswer>;
  stop(): Promise<void>;
}

const here = path.dirname(new URL(import.meta.url).pathname);
const built = new Set<string>();

/**
 * An entry of bench/lib bundled as `npm start` bundles snorq (scripts/build-server.js: esbuild,
 * dependencies left in node_modules), once per benchmark run: the children run on plain Node, as
 * snorq does in production, not through tsx (~45 MB more in the process, which the memory
 * benchmark would count).
 */
function bundled(entry: string): string {
  const outfile = path.resolve('.bench-data', 'build', entry.replace(/\.ts$/, '.js'));
  if (!built.has(entry)) {
    execFileSync(process.execPath, [path.resolve('scripts', 'build-server.js'), '--entry', path.join(here, entry), '--outfile', outfile], { stdio: 'ignore' });
    built.add(entry);
  }
  return outfile;
}

/**
 * Fork an entry of bench/lib (bundled, on plain Node) and wait for its `ready` message. The
 * benchmark's load generator runs in the parent, so it never shares an event loop with the server
 * it measures. BENCH_CPU_PROF=1 writes a V8 CPU profile of each child to .bench-data/profiles.
 */
export async function startChild<T>(entry: string, env: Record<string, string>, options: { timeoutMs?: number; logFile?: string } = {}): Promise<RunningChild<T>> {
  let out: number | 'ignore' = 'ignore';
  if (options.logFile) {
    fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
    out = fs.openSync(options.logFile, 'a');
  }
  const profile = process.env.BENCH_CPU_PROF === '1' ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve('.bench-data/profiles')}`] : [];
  // BENCH_NODE_FLAGS: V8/Node flags for an A/B of the children (e.g. "--max-semi-space-size=2");
  // after npm start's own, so a V8 flag given here wins (e.g. "--max-old-space-size=4096")
  const extra = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  // npm start's flags (package.json); BENCH_SOURCE_MAPS=0 leaves out `--enable-source-maps`, for an A/B of its cost
  const start = startFlags().filter((f) => f !== '--enable-source-maps' || process.env.BENCH_SOURCE_MAPS !== '0');
  // BENCH_CHILD_ENV: variables for the children's environment, "NAME=value NAME2=value" (e.g. glibc's MALLOC_ARENA_MAX)
  const childEnv = Object.fromEntries(
    (process.env.BENCH_CHILD_ENV ?? '')
      .split(' ')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
  const child: ChildProcess = fork(bundled(entry), [], {
    execArgv: [...start, ...extra, ...profile],
    // a clean environment: nothing of the caller's (platform credentials, DATABASE_URL) leaks in
    // npm start's environment (package.json), then BENCH_CHILD_ENV's, which may override it for an A/B
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...startEnvironment(), ...childEnv, ...env },
    stdio: ['ignore', out, 'inherit', 'ipc'],
  });
  if (typeof out === 'number') fs.closeSync(out); // the child has its own copy
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start within ${options.timeoutMs ?? 120_000} ms`)), options.timeoutMs ?? 120_000);
    child.on('message', (m: { type?: string }) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        resolve(m as T);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with code ${code} before it was ready`));
    });
  });
  // answers to `heap` requests arrive in the order asked
  const waiting: ((h: HeapFigures | null) => void)[] = [];
  const sampling: ((a: HeapSamplingAnswer) => void)[] = [];
  const snapshots: ((file: string) => void)[] = [];
  child.on('message', (m: { type?: string } & HeapFigures) => {
    if (m.type === 'heap') waiting.shift()?.(m);
    else if (m.type === 'heap-snapshot') snapshots.shift()?.((m as unknown as { file: string }).file);
    else if (m.type === 'heap-sampling') sampling.shift()?.(m as unknown as HeapSamplingAnswer);
  });
  return {
    pid: child.pid!,
    ready,
    heap: () =>
      new Promise<HeapFigures | null>((resolve) => {
        if (!child.connected) return resolve(null);
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(answer), 1);
          resolve(null);
        }, 5_000);
        const answer = (h: HeapFigures | null) => {
          clearTimeout(timer);
          resolve(h);
        };
        waiting.push(answer);
        child.send({ type: 'heap' });
      }),
    heapSnapshot: (file) =>
      new Promise<string>((resolve) => {
        snapshots.push(resolve);
        child.send({ type: 'heap-snapshot', file });
      }),
    heapSampling: (request) =>
      new Promise<HeapSamplingAnswer>((resolve, reject) => {
        sampling.push((a) => (a.error ? reject(new Error(`heap sampling ${request.action}: ${a.error}`)) : resolve(a)));
        child.send({ type: 'heap-sampling', ...request });
      }),
    stop: async () => {
      if (child.exitCode === null && child.connected) child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
