import { performance } from 'node:perf_hooks';
import type { BenchContext } from './lib/context.ts';
import { connectAgents } from './lib/agents.ts';
import { runLoad } from './lib/load-generator.ts';
import { fmt, fmtRatio, verdict, type Markdown } from './lib/markdown.ts';
import { sampleTreeMemory, type TreeMemory } from './lib/process-memory.ts';
import type { BenchSnorq } from './lib/snorq-process.ts';
import { median } from './lib/stats.ts';
import { whatsappWebhook } from './lib/webhooks.ts';

/**
 * Benchmark 5 — memory of snorq and its embedded PostgreSQL together (the process tree of the
 * snorq child), idle with the seeded dataset, then with 1,000 agents connected, while they all
 * receive a burst of messages, and after it. The benchmark closes its own database connections
 * first: they would be PostgreSQL backends in the tree.
 */

const AGENTS = 1000;

export interface MemoryResult {
  agents: number;
  burst: number;
  idle: TreeMemory;
  connected: TreeMemory;
  peak: TreeMemory;
  after: TreeMemory;
  /** Events received by all agents / expected. */
  delivered: number;
  /** From the first webhook of the burst to the last agent's last event. */
  burstMs: number;
}

const summarise = (s: TreeMemory[]): TreeMemory => ({ processes: median(s.map((x) => x.processes)), rssMb: median(s.map((x) => x.rssMb)), pssMb: median(s.map((x) => x.pssMb)) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function settle(pid: number, ms: number): Promise<TreeMemory> {
  const sampler = sampleTreeMemory(pid, 250);
  await sleep(ms);
  return summarise(await sampler.stop());
}

export async function runMemory(ctx: BenchContext, snorq: BenchSnorq): Promise<MemoryResult> {
  const burst = Number(process.env.BENCH_BURST ?? 100);
  const token = await snorq.login();
  await sleep(2000);
  const idle = await settle(snorq.pid, 3000);
  ctx.log(`memory: idle ${fmt(idle.rssMb)} MB RSS (${fmt(idle.pssMb)} MB PSS, ${idle.processes} processes)`);

  let received = 0;
  let lastEventAt = 0;
  const agents = await connectAgents(snorq.url, token, AGENTS, (_a, e) => {
    if (e.message.externalId?.startsWith('wamid.burst.')) {
      received++;
      lastEventAt = performance.now();
    }
  });
  try {
    await sleep(2000);
    const connected = await settle(snorq.pid, 3000);
    ctx.log(`memory: ${AGENTS} agents connected ${fmt(connected.rssMb)} MB RSS`);

    const sampler = sampleTreeMemory(snorq.pid, 100);
    const started = performance.now();
    const requests = Array.from({ length: burst }, (_, i) => whatsappWebhook(`wamid.burst.${Date.now()}.${i}`, 3000 + (i % 50), `burst ${i}: hello from a busy customer`));
    const r = await runLoad({ url: snorq.url, concurrency: 16, requests });
    const acked = r.replies.filter((x) => x?.status === 200).length;
    const expected = acked * AGENTS;
    const deadline = performance.now() + 120_000;
    while (received < expected && performance.now() < deadline) await sleep(50);
    const during = await sampler.stop();
    const peak = during.reduce((a, b) => (b.rssMb > a.rssMb ? b : a), during[0]!);
    const burstMs = lastEventAt - started;
    ctx.log(`memory: burst of ${acked} messages to ${AGENTS} agents delivered ${received}/${expected} events in ${fmt(burstMs, 0)} ms, peak ${fmt(peak.rssMb)} MB RSS`);
    await sleep(2000);
    const after = await settle(snorq.pid, 3000);
    return { agents: AGENTS, burst: acked, idle, connected, peak, after, delivered: expected > 0 ? received / expected : 0, burstMs };
  } finally {
    agents.close();
  }
}

export function reportMemory(md: Markdown, r: MemoryResult): void {
  const row = (what: string, m: TreeMemory, bar = '', met?: boolean) => [what, fmt(m.rssMb), fmt(m.pssMb), m.processes, fmt(r.idle.rssMb), fmtRatio(m.rssMb / r.idle.rssMb), bar, met === undefined ? '' : verdict(met)];
  md.heading(2, '5. Memory: snorq + embedded PostgreSQL')
    .paragraph(
      'RSS summed over the snorq process and all its descendants (the postmaster and every PostgreSQL backend and helper), read from /proc. ' +
        'Summed RSS counts shared pages (shared buffers, the binaries) once per process, so it overstates; PSS divides shared pages among their users. ' +
        `The bar is judged on RSS. Baseline: the same tree idle with the seeded dataset. The burst: ${r.burst} webhooks (16 in flight) while ${fmt(r.agents, 0)} agents are connected, ` +
        `each agent receiving every message: ${fmt(r.delivered * 100)}% of ${fmt(r.burst * r.agents, 0)} events delivered in ${fmt(r.burstMs / 1000, 2)} s.`,
    )
    .table(
      ['state', 'RSS (MB)', 'PSS (MB)', 'processes', 'baseline: idle RSS (MB)', 'ratio', 'bar', 'verdict'],
      [
        row('idle, seeded dataset', r.idle),
        row(`${fmt(r.agents, 0)} agents connected`, r.connected, '< 300 MB', r.connected.rssMb < 300),
        row(`${fmt(r.agents, 0)} agents, burst (peak)`, r.peak, '< 300 MB', r.peak.rssMb < 300),
        row('after the burst', r.after, '< 300 MB', r.after.rssMb < 300),
      ],
    );
}
