import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { runIngestion, startIngestionSnorq, type IngestionResult } from './ingestion.ts';
import type { BenchContext } from './lib/context.ts';
import { describeMachine, type Machine } from './lib/machine.ts';
import { fmt } from './lib/markdown.ts';
import { seedDataset, SEED_VERSION, type SeedOutcome, type SeedSize } from './lib/seed.ts';
import { startBenchSnorq } from './lib/snorq-process.ts';
import { measureFreshIdle, runMemory, type MemoryResult } from './memory.ts';
import { startBenchPostgres } from './lib/postgres-process.ts';
import { runQueries, type QueriesResult } from './queries.ts';
import { renderReport, type Results } from './report.ts';
import { runRestarts, type RestartResult } from './restarts.ts';
import { runScaleOut, type ScaleOutResult } from './scale-out.ts';
import { runStorageBaseline, type StorageResult } from './storage-baseline.ts';
import { runWebsocketLatency, type WebsocketResult } from './websocket-latency.ts';

/**
 * `npm run bench`: the five benchmarks of DESIGN.md's "Bars for speed and footprint", each figure
 * beside a baseline measured in the same run, and the scale-out one (two instances on one external
 * PostgreSQL against one, ~2 min), written to docs/BENCHMARKS.md.
 *
 *   BENCH_SCALE=full|small|large   dataset of the query/memory benchmarks (messages / conversations):
 *                            1 M / 100 k (default), 100 k / 10 k, or 10 M / 1 M (seeded once, ~20 GB, kept)
 *   BENCH_ROUNDS=5           measured rounds per figure (medians are reported)
 *   BENCH_ONLY=ingestion,websocket,storage,queries,memory,scale-out,restarts   run a subset (writes .bench-data/BENCHMARKS.partial.md);
 *                            `seed` alone only seeds (or checks) the dataset of BENCH_SCALE
 *   BENCH_SCALEOUT_REQUESTS=1200, BENCH_SCALEOUT_ROUNDS=4, BENCH_SCALEOUT_AGENTS=6   the scale-out benchmark's rounds
 *   BENCH_RESEED=1           re-create the dataset even if .bench-data/scale-<scale> has it
 *   BENCH_CPU_PROF=1         V8 CPU profiles of snorq to .bench-data/profiles
 *   BENCH_PG_STATEMENTS=1    ingestion: pg_stat_statements preloaded, its top statements per stored message in the report
 *   BENCH_RENDER=1           only re-render docs/BENCHMARKS.md from .bench-data/results.json
 */

const SIZES: Record<BenchContext['scale'], SeedSize> = {
  small: { messages: 100_000, conversations: 10_000 },
  full: { messages: 1_000_000, conversations: 100_000 },
  large: { messages: 10_000_000, conversations: 1_000_000 },
};

const started = Date.now();
// Full scale by default: the bars are set at 1 M messages, and the run stays under ~10 minutes
// (seeding takes ~2 of them once; the dataset is kept in .bench-data/ and reused; scale-out ~2).
const scale: BenchContext['scale'] = process.env.BENCH_SCALE === 'small' || process.env.BENCH_SCALE === 'large' ? process.env.BENCH_SCALE : 'full';
const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim())) : null;
const wanted = (name: string) => !only || only.has(name);
const ctx: BenchContext = {
  scale,
  rounds: Number(process.env.BENCH_ROUNDS ?? 5),
  log: (msg) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}`),
};

if (process.env.BENCH_RENDER === '1') {
  const file = path.resolve('.bench-data', 'results.json');
  const text = await fs.readFile(file, 'utf8').catch(() => null);
  if (text === null) {
    console.error(`no ${path.relative(process.cwd(), file)} yet: run npm run bench once`);
    process.exit(1);
  }
  const saved = JSON.parse(text) as Results;
  await writeReport(saved, path.resolve('docs', 'BENCHMARKS.md'));
  process.exit(0);
}

let machine: Machine | undefined;
let ingestion: IngestionResult | undefined;
let storage: StorageResult | undefined;
let websocket: WebsocketResult | undefined;
let queries: QueriesResult | undefined;
let memory: MemoryResult | undefined;
let scaleOut: ScaleOutResult | undefined;
let restarts: RestartResult | undefined;

if (wanted('ingestion') || wanted('storage') || wanted('websocket')) {
  ctx.log('starting snorq (fresh embedded PostgreSQL in .bench-data/ingest)');
  const snorq = await startIngestionSnorq();
  try {
    machine = await describeMachine(snorq.databaseUrl);
    if (wanted('ingestion') || wanted('storage')) ingestion = await runIngestion(ctx, snorq);
    if (wanted('storage')) storage = await runStorageBaseline(ctx, snorq);
    if (wanted('websocket')) websocket = await runWebsocketLatency(ctx, snorq);
  } finally {
    await snorq.stop();
  }
}

if (wanted('scale-out')) {
  ctx.log('scale-out: starting a standalone PostgreSQL (fresh, in .bench-data/scale-out-db) for two snorq instances');
  const database = await startBenchPostgres('scale-out-db', { fresh: true });
  try {
    machine ??= await describeMachine(database.databaseUrl);
    scaleOut = await runScaleOut(ctx, database);
  } finally {
    await database.stop();
  }
}

if (wanted('queries') || wanted('memory') || wanted('seed')) {
  const size = SIZES[scale];
  const name = `scale-${scale}`;
  const marker = path.resolve('.bench-data', name, 'bench-seed.json');
  const seeded = await fs
    .readFile(marker, 'utf8')
    .then((t) => JSON.parse(t) as SeedOutcome & { version: number })
    .catch(() => null);
  const reuse = process.env.BENCH_RESEED !== '1' && seeded?.version === SEED_VERSION && seeded.messages === size.messages && seeded.conversations === size.conversations;
  ctx.log(`starting snorq on the ${scale} dataset (${reuse ? 'reusing' : 'seeding'} .bench-data/${name})`);
  const snorq = await startBenchSnorq(name, { fresh: !reuse });
  try {
    machine ??= await describeMachine(snorq.databaseUrl);
    let dataset: SeedOutcome;
    if (reuse) dataset = seeded!;
    else {
      const client = new pg.Client({ connectionString: snorq.databaseUrl });
      await client.connect();
      try {
        ctx.log(`seeding ${fmt(size.messages, 0)} messages in ${fmt(size.conversations, 0)} conversations`);
        dataset = await seedDataset(client, size, ctx.log);
      } finally {
        await client.end();
      }
      await fs.writeFile(marker, JSON.stringify({ ...dataset, version: SEED_VERSION }));
      ctx.log(`seeded in ${fmt(dataset.seconds)} s`);
    }
    const fresh = wanted('memory') ? await measureFreshIdle(ctx, snorq) : undefined;
    if (wanted('queries')) queries = await runQueries(ctx, snorq, { ...dataset, reused: reuse });
    if (fresh) memory = await runMemory(ctx, snorq, fresh);
  } finally {
    await snorq.stop();
  }
}

if (wanted('restarts')) {
  ctx.log("restarts: npm start's process on a fresh DATA_DIR in .bench-data/restarts");
  restarts = await runRestarts(ctx, async (url) => {
    machine ??= await describeMachine(url);
  });
}

const results: Results = {
  at: new Date().toISOString(),
  scale,
  size: SIZES[scale],
  rounds: ctx.rounds,
  seconds: (Date.now() - started) / 1000,
  machine: machine!,
  loadAverageAtEnd: os.loadavg(),
  ingestion,
  storage,
  websocket,
  queries,
  memory,
  scaleOut,
  restarts,
};
await fs.writeFile(path.resolve('.bench-data', only ? 'results.partial.json' : 'results.json'), JSON.stringify(results, null, 2));
await writeReport(results, only ? path.resolve('.bench-data', 'BENCHMARKS.partial.md') : path.resolve('docs', 'BENCHMARKS.md'));
ctx.log(`done in ${fmt(results.seconds / 60)} min`);

async function writeReport(r: Results, target: string): Promise<void> {
  // The analysis of the misses is written by hand (it needs profiling, not just figures) and kept beside the code.
  const findings = await fs.readFile(path.resolve('bench', 'FINDINGS.md'), 'utf8');
  await fs.writeFile(target, renderReport(r, findings));
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}
