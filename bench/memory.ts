import fs from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BenchContext } from './lib/context.ts';
import { connectAgents } from './lib/agents.ts';
import { runLoad } from './lib/load-generator.ts';
import { fmt, fmtRatio, verdict, type Markdown } from './lib/markdown.ts';
import { describeMemory, medianSample, peakSample, sampleTreeMemory, type TreeMemory } from './lib/process-memory.ts';
import { treeCpu, type TreeCpu } from './lib/process-cpu.ts';
import { sampleBackends, type BackendCounts, type BackendSampler } from './lib/pg-backends.ts';
import type { HeapFigures } from './lib/child-main.ts';
import type { BenchSnorq } from './lib/snorq-process.ts';
import { whatsappWebhook } from './lib/webhooks.ts';
import { describeChildren, describeMappings, nodeMappings, threadCount } from './lib/node-mappings.ts';

/**
 * Benchmark 5 — memory of snorq and its embedded PostgreSQL together (the process tree of the
 * snorq child), idle with the seeded dataset, then with 1,000 agents connected, while they all
 * receive a burst of messages, and after it. The benchmark closes its own database connections
 * first: they would be PostgreSQL backends in the tree.
 */

const AGENTS = 1000;

/**
 * BENCH_MEMORY_PROFILES=1: a diagnosis run, not a measurement (each snapshot is a full collection
 * and seconds of pause): heap snapshots of snorq idle, with the agents connected and after the
 * burst (bench/heap-snapshot-diff.ts compares two by constructor), and V8's sampling heap profile
 * of what outlived the scavenges while the agents connected and during the burst
 * (bench/heap-profile-top.ts), in .bench-data/profiles/memory-*.
 */
const PROFILES = process.env.BENCH_MEMORY_PROFILES === '1';
const profileFile = (name: string) => path.resolve('.bench-data', 'profiles', `memory-${name}`);
/** With BENCH_MEMORY_PROFILES=1: a snapshot named `state`, then the promoted-bytes profiler started. */
async function profileFrom(ctx: BenchContext, snorq: BenchSnorq, state: string): Promise<void> {
  if (!PROFILES) return;
  await fs.mkdir(path.dirname(profileFile(state)), { recursive: true });
  ctx.log(`memory: snapshot ${await snorq.heapSnapshot(profileFile(`${state}.heapsnapshot`))}`);
  await snorq.heapSampling({ action: 'start', mode: 'promoted' });
}
/** With BENCH_MEMORY_PROFILES=1: the profiler stopped, its profile written as memory-<phase>-promoted. */
async function promotedUntil(ctx: BenchContext, snorq: BenchSnorq, phase: string): Promise<void> {
  if (!PROFILES) return;
  const { sampledMb } = await snorq.heapSampling({ action: 'stop', mode: 'promoted', file: profileFile(`${phase}-promoted.heapprofile`) });
  ctx.log(`memory: promoted (outlived the scavenges) during ${phase}: ${fmt(sampledMb)} MB`);
}

export interface MemoryResult {
  agents: number;
  burst: number;
  /** Idle right after start, before any request: the baseline. */
  fresh: TreeMemory;
  /** Idle after the query benchmark (pool grown, caches warm). */
  idle: TreeMemory;
  connected: TreeMemory;
  peak: TreeMemory;
  after: TreeMemory;
  /** Events received by all agents / expected. */
  delivered: number;
  /** From the first webhook of the burst to the last agent's last event. */
  burstMs: number;
  /** snorq's PostgreSQL backends (pg_stat_activity) while the agents connected and during the burst. */
  backends?: { connecting: BackendCounts; burst: BackendCounts };
  /**
   * Time to connect the agents, and CPU used by snorq's process and by its PostgreSQL while they
   * connected and during the burst (ms): what a memory setting costs in work, which moves less
   * with the machine's load than latency does.
   */
  work?: { connectMs: number; connectCpu: TreeCpu; burstCpu: TreeCpu };
  /**
   * snorq's V8 heap at the same moments (asked over IPC); during the burst, the answer of highest
   * RSS among those asked every 500 ms. Says whether the Node process's part of a figure is live
   * data, an old generation awaiting collection, or a committed young generation.
   */
  heap?: Partial<Record<'fresh' | 'idle' | 'connected' | 'peak' | 'after', HeapFigures>>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const describeHeap = (h: HeapFigures | null | undefined) =>
  h
    ? `V8 heap ${fmt(h.heapUsedMb)} of ${fmt(h.heapTotalMb)} MB used (young generation ${fmt(h.newSpaceUsedMb)} of ${fmt(h.newSpaceMb)}, old spaces ${fmt(h.oldSpacesUsedMb)} of ${fmt(h.oldSpacesMb)}), external ${fmt(h.externalMb)} MB, RSS ${fmt(h.rssMb)} MB`
    : 'no answer';
/** Heap figures asked while the burst runs, every `everyMs`; `stop()` gives the one of highest RSS. */
function sampleHeap(snorq: BenchSnorq, everyMs: number): { stop(): Promise<HeapFigures | undefined> } {
  let running = true;
  let top: HeapFigures | undefined;
  const loop = (async () => {
    while (running) {
      const h = await snorq.heap();
      if (h && (!top || h.rssMb > top.rssMb)) top = h;
      await sleep(everyMs);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return top;
    },
  };
}
async function settle(pid: number, ms: number, exclude?: ReadonlySet<number>): Promise<TreeMemory> {
  const sampler = sampleTreeMemory(pid, 250, exclude);
  await sleep(ms);
  return medianSample(await sampler.stop());
}

/** The tree idle, right after snorq started on the seeded dataset. */
export async function measureFreshIdle(ctx: BenchContext, snorq: BenchSnorq): Promise<TreeMemory & { heap?: HeapFigures }> {
  await sleep(2000);
  const fresh = await settle(snorq.pid, 3000);
  const heap = (await snorq.heap()) ?? undefined;
  ctx.log(`memory: just started: ${describeMemory(fresh)}; ${describeHeap(heap)}`);
  return { ...fresh, heap };
}

export async function runMemory(ctx: BenchContext, snorq: BenchSnorq, fresh: TreeMemory & { heap?: HeapFigures }): Promise<MemoryResult> {
  const burst = Number(process.env.BENCH_BURST ?? 100);
  const token = await snorq.login();
  // The benchmark's own connection to count snorq's backends is a backend too: left out of every sample.
  const backends = await sampleBackends(snorq.databaseUrl);
  const exclude = new Set([backends.pid]);
  try {
    return await measureAgents(ctx, snorq, { token, burst, fresh, backends, exclude });
  } finally {
    await backends.stop();
  }
}

async function measureAgents(
  ctx: BenchContext,
  snorq: BenchSnorq,
  { token, burst, fresh, backends, exclude }: { token: string; burst: number; fresh: TreeMemory & { heap?: HeapFigures }; backends: BackendSampler; exclude: ReadonlySet<number> },
): Promise<MemoryResult> {
  const heap: NonNullable<MemoryResult['heap']> = { fresh: fresh.heap };
  delete fresh.heap;
  await sleep(2000);
  const idle = await settle(snorq.pid, 3000, exclude);
  heap.idle = (await snorq.heap()) ?? undefined;
  ctx.log(`memory: idle: ${describeMemory(idle)}; ${describeHeap(heap.idle)}`);
  await profileFrom(ctx, snorq, 'idle');
  backends.reset();
  const cpuBefore = await treeCpu(snorq.pid);
  const connectStarted = performance.now();
  let received = 0;
  let lastEventAt = 0;
  const agents = await connectAgents(snorq.url, token, AGENTS, (_a, e) => {
    if (e.message.externalId?.startsWith('wamid.burst.')) {
      received++;
      lastEventAt = performance.now();
    }
  });
  const connecting = backends.read();
  const connectMs = performance.now() - connectStarted;
  const connectCpu = cpuSince(cpuBefore, await treeCpu(snorq.pid));
  ctx.log(`memory: backends while ${AGENTS} agents connected: ${describeBackends(connecting)}`);
  try {
    await promotedUntil(ctx, snorq, 'connect');
    await sleep(2000);
    const connected = await settle(snorq.pid, 3000, exclude);
    heap.connected = (await snorq.heap()) ?? undefined;
    ctx.log(`memory: ${AGENTS} agents connected: ${describeMemory(connected)}; ${describeHeap(heap.connected)}`);
    await logWhere(ctx, snorq, 'connected', exclude);
    await profileFrom(ctx, snorq, 'connected');

    backends.reset();
    const burstCpuBefore = await treeCpu(snorq.pid);
    const sampler = sampleTreeMemory(snorq.pid, 100, exclude);
    const heapSampler = sampleHeap(snorq, 500);
    const started = performance.now();
    const requests = Array.from({ length: burst }, (_, i) => whatsappWebhook(`wamid.burst.${Date.now()}.${i}`, 3000 + (i % 50), `burst ${i}: hello from a busy customer`));
    const r = await runLoad({ url: snorq.url, concurrency: 16, requests });
    const acked = r.replies.filter((x) => x?.status === 200).length;
    const expected = acked * AGENTS;
    const deadline = performance.now() + 120_000;
    while (received < expected && performance.now() < deadline) await sleep(50);
    const during = await sampler.stop();
    heap.peak = await heapSampler.stop();
    await logWhere(ctx, snorq, 'at the end of the burst', exclude);
    const peak = peakSample(during);
    const burstMs = lastEventAt - started;
    const inBurst = backends.read();
    const burstCpu = cpuSince(burstCpuBefore, await treeCpu(snorq.pid));
    await promotedUntil(ctx, snorq, 'burst');
    ctx.log(`memory: burst of ${acked} messages to ${AGENTS} agents delivered ${received}/${expected} events in ${fmt(burstMs, 0)} ms; peak: ${describeMemory(peak)}`);
    ctx.log(`memory: snorq's heap during the burst (the answer of highest RSS): ${describeHeap(heap.peak)}; backends during the burst: ${describeBackends(inBurst)}`);
    ctx.log(`memory: work: connecting took ${fmt(connectMs, 0)} ms, CPU ${describeCpu(connectCpu)}; the burst CPU ${describeCpu(burstCpu)}`);
    await sleep(2000);
    const after = await settle(snorq.pid, 3000, exclude);
    heap.after = (await snorq.heap()) ?? undefined;
    ctx.log(`memory: after the burst: ${describeMemory(after)}; ${describeHeap(heap.after)}`);
    if (PROFILES) ctx.log(`memory: snapshot ${await snorq.heapSnapshot(profileFile('after.heapsnapshot'))}`);
    return {
      agents: AGENTS,
      burst: acked,
      fresh,
      idle,
      connected,
      peak,
      after,
      delivered: expected > 0 ? received / expected : 0,
      burstMs,
      backends: { connecting, burst: inBurst },
      work: { connectMs, connectCpu, burstCpu },
      heap,
    };
  } finally {
    agents.close();
  }
}

/**
 * snorq's process by mapping (what of it is not V8's heap) and each PostgreSQL process's own
 * memory, in the log: what a setting outside V8 (malloc's arenas, the pool's idle timeout) moves.
 */
async function logWhere(ctx: BenchContext, snorq: BenchSnorq, when: string, exclude: ReadonlySet<number>): Promise<void> {
  ctx.log(`memory: snorq's process by mapping, ${when}: ${describeMappings(await nodeMappings(snorq.pid), await threadCount(snorq.pid))}`);
  ctx.log(`memory: PostgreSQL's processes' own memory (USS, MB), ${when}: ${await describeChildren(snorq.pid, exclude)}`);
}

const cpuSince = (a: TreeCpu, b: TreeCpu): TreeCpu => ({ rootMs: b.rootMs - a.rootMs, descendantsMs: b.descendantsMs - a.descendantsMs });
const describeCpu = (c: TreeCpu) => `snorq ${fmt(c.rootMs, 0)} ms, PostgreSQL ${fmt(c.descendantsMs, 0)} ms`;
const describeBackends = (b: BackendCounts) => `at most ${b.maxOpen} open, ${b.maxBusy} busy at once (mean busy ${fmt(b.meanBusy, 1)}, ${b.samples} samples)`;

/** PostgreSQL's part of a sample: the postmaster, its helpers and the backends. */
const postgresPss = (m: TreeMemory) => m.byKind.postmaster.pssMb + m.byKind.helper.pssMb + m.byKind.backend.pssMb;

/**
 * The bar is judged on PSS: the only one of the three figures that adds up to what the tree
 * occupies (each page counted once). Summed RSS is an upper bound, USS a lower one.
 */
export const MEMORY_JUDGED_ON = 'PSS';

/** Rows for the report's summary table: the judged figure (PSS) with summed RSS beside it, for reference. */
export function memorySummaryRows(r: MemoryResult): (string | number)[][] {
  const row = (what: string, m: TreeMemory) => [
    `5. memory < 300 MB (PSS of snorq + PostgreSQL), ${what}`,
    `${fmt(m.pssMb)} MB (summed RSS ${fmt(m.rssMb)} MB)`,
    `${fmt(r.fresh.pssMb)} MB idle`,
    fmtRatio(m.pssMb / r.fresh.pssMb),
    m.pssMb < 300 ? 'met' : '**missed**',
  ];
  return [row(`${fmt(r.agents, 0)} agents connected`, r.connected), row(`${fmt(r.agents, 0)} agents during a burst (peak)`, r.peak)];
}

export function reportMemory(md: Markdown, r: MemoryResult): void {
  const row = (what: string, m: TreeMemory, judged = false) => [
    what,
    fmt(m.pssMb),
    fmt(m.rssMb),
    fmt(m.ussMb),
    fmt(m.rootPssMb),
    fmt(postgresPss(m)),
    m.processes,
    fmtRatio(m.pssMb / r.fresh.pssMb),
    judged ? verdict(m.pssMb < 300) : '',
  ];
  const kindRow = (label: string, k: keyof TreeMemory['byKind']) => {
    const f = r.peak.byKind[k];
    return [label, f.processes, fmt(f.pssMb), fmt(f.rssMb), fmt(f.ussMb)];
  };
  const p = r.peak;
  md.heading(2, '5. Memory: snorq + embedded PostgreSQL')
    .paragraph('Memory of the snorq process and all its descendants (the postmaster and every PostgreSQL backend and helper), read from /proc/<pid>/smaps_rollup of each. Three figures per process:')
    .bullets([
      '**PSS** (proportional set size) — each page the process maps, a shared page divided by the number of processes sharing it. Summed over the tree it counts every page once: it is what snorq and its database occupy together. **The bar is judged on PSS.**',
      '**summed RSS** — every resident page of each process, summed over processes. PostgreSQL forks one process per connection and per helper, and each maps the same executable, libraries and shared buffers, so each shared page is counted once per process that touched it (a new backend shows ~15 MB of RSS, ~2 MB of it its own). Summed RSS grows by ~15 MB per backend while PSS grows by 2–5 MB: an upper bound, not a footprint (shown for reference).',
      '**USS** (unique set size) — the pages only one process maps, summed: the tree without any of its shared pages (a lower bound).',
    ])
    .paragraph(
      `Baseline: the same tree idle right after start on the seeded dataset (ratios are of PSS). The burst: ${r.burst} webhooks (16 in flight) while ${fmt(r.agents, 0)} agents are connected, ` +
        `each agent receiving every message: ${fmt(r.delivered * 100)}% of ${fmt(r.burst * r.agents, 0)} events delivered in ${fmt(r.burstMs / 1000, 2)} s. ` +
        'snorq runs bundled on plain Node, as `npm start` runs it (bench/lib/snorq-child.ts built by scripts/build-server.js).',
    )
    .table(
      ['state', 'PSS (MB), judged', 'summed RSS (MB)', 'USS (MB)', 'snorq process PSS (MB)', 'PostgreSQL PSS (MB)', 'processes', 'PSS ratio to baseline', 'PSS < 300 MB'],
      [
        row('idle, just started on the seeded dataset (baseline)', r.fresh),
        row('idle, after the query benchmark', r.idle),
        row(`${fmt(r.agents, 0)} agents connected`, r.connected, true),
        row(`${fmt(r.agents, 0)} agents, burst (peak)`, r.peak, true),
        row('after the burst', r.after, true),
      ],
    )
    .paragraph("Where the memory is at the burst's peak (the sample of highest PSS):")
    .table(
      ['process', 'count', 'PSS (MB)', 'summed RSS (MB)', 'USS (MB)'],
      [
        kindRow('snorq (Node.js)', 'node'),
        kindRow('PostgreSQL postmaster', 'postmaster'),
        kindRow("PostgreSQL backends (pooled connections, the event stream's LISTEN)", 'backend'),
        kindRow('PostgreSQL helpers (checkpointer, writers, autovacuum launcher…)', 'helper'),
        ...(p.byKind.other.processes > 0 ? [kindRow('other', 'other')] : []),
      ],
    )
    .paragraph(
      `**What this means:** together snorq and its database occupy ${fmt(p.pssMb)} MB at the burst's peak (PSS), of which snorq's Node.js process is ${fmt(p.rootPssMb)} MB ` +
        `and PostgreSQL ${fmt(postgresPss(p))} MB (${fmt(p.shmemPssMb)} MB of it shared memory, counted once). Connecting the agents moved the tree's PSS by ` +
        `${fmt(r.connected.pssMb - r.idle.pssMb)} MB (${r.idle.processes} processes idle, ${r.connected.processes} once a thousand sockets authenticated at once and the pool grew to its maximum); ` +
        `the burst by ${fmt(p.pssMb - r.connected.pssMb)} MB more. Summed RSS, ${fmt(p.rssMb)} MB, counts the ${p.processes} processes' shared pages once each: ` +
        `the tree's unique pages (USS) are ${fmt(p.ussMb)} MB, and the ${fmt(p.pssMb - p.ussMb)} MB between USS and PSS is every shared page counted once.`,
    );
  if (r.backends)
    md.paragraph(
      `**snorq's PostgreSQL connections** (pg_stat_activity every 20 ms, the benchmark's own connection left out): while the agents connected ${describeBackends(r.backends.connecting)}; ` +
        `during the burst ${describeBackends(r.backends.burst)}.`,
    );
  const h = r.heap;
  if (h?.connected && h.peak)
    md.paragraph(
      `**snorq's V8 heap** (asked over IPC beside the samples): with the agents connected ${describeHeap(h.connected)}; during the burst, at its highest RSS, ${describeHeap(h.peak)}. ` +
        "The young generation's semi-spaces stay committed once grown, full or not; the old spaces hold live data and the garbage of everything promoted since the last full collection.",
    );
  if (r.work)
    md.paragraph(
      `**Work:** connecting the ${fmt(r.agents, 0)} agents took ${fmt(r.work.connectMs / 1000, 1)} s and CPU ${describeCpu(r.work.connectCpu)}; ` +
        `the burst CPU ${describeCpu(r.work.burstCpu)} (PostgreSQL's includes the benchmark's own sampling connection).`,
    );
}
