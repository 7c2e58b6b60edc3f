import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { HeapSamplingMode } from './lib/child-main.ts';
import { runLoad, type PreparedRequest } from './lib/load-generator.ts';
import { fmt } from './lib/markdown.ts';
import type { SeedOutcome } from './lib/seed.ts';
import { startBenchSnorq } from './lib/snorq-process.ts';
import { loadQueryTargets, queryVariants } from './queries.ts';

/**
 * What each request of the queries benchmark allocates in snorq's process, measured with V8's
 * sampling heap profiler (bench/lib/child-main.ts heapSampling) on the seeded dataset of the
 * queries benchmark (run `BENCH_ONLY=seed npx tsx bench/run.ts` first):
 *
 * - allocated: every byte the requests allocated, per request (what the young generation must
 *   absorb; one scavenge per ~16 MB at the default semi-space size);
 * - promoted: what was still alive after two scavenges or died only in a full collection, per
 *   request: what moves to the old generation and stays there until the next Mark-Compact. The
 *   old spaces after the query phase (bench/FINDINGS.md, "Memory, 3 December, afternoon") are
 *   this times the requests, minus what full collections freed meanwhile.
 *
 * Each request kind is sent `BENCH_ALLOC_REQUESTS` times (default 40) after 5 requests of warm-up,
 * one at a time, as the queries benchmark sends them. With `BENCH_ALLOC_PROFILES=1` each kind's
 * profiles are written to .bench-data/profiles/alloc-<n>-<mode>.heapprofile (Chrome DevTools →
 * Memory, or `npx tsx bench/heap-profile-top.ts <file>`).
 *
 *   npx tsx bench/query-allocations.ts [name filter]
 */

const perKind = Number(process.env.BENCH_ALLOC_REQUESTS ?? 40);
const filter = process.argv[2];
const writeProfiles = process.env.BENCH_ALLOC_PROFILES === '1';
const marker = path.resolve('.bench-data', 'scale-full', 'bench-seed.json');
const dataset = JSON.parse(await fs.readFile(marker, 'utf8').catch(() => 'null')) as SeedOutcome | null;
if (!dataset) {
  console.error('no seeded dataset in .bench-data/scale-full: run `BENCH_ONLY=seed npx tsx bench/run.ts` first');
  process.exit(1);
}

const snorq = await startBenchSnorq('scale-full', { fresh: false });
try {
  const token = await snorq.login();
  const client = new pg.Client({ connectionString: snorq.databaseUrl });
  await client.connect();
  const { busy } = await loadQueryTargets(client, dataset.organizationId).finally(() => client.end());
  const variants = queryVariants('full', (i) => busy[(i * 7919) % busy.length]!).filter((v) => !filter || v.name.includes(filter));
  const send = async (v: (typeof variants)[number], n: number, offset: number) => {
    const requests: PreparedRequest[] = Array.from({ length: n }, (_, i) => ({ method: 'GET', path: v.path(offset + i), headers: { authorization: `Bearer ${token}` } }));
    const r = await runLoad({ url: snorq.url, concurrency: 1, requests });
    const bad = r.replies.filter((x) => x?.status !== 200);
    if (bad.length > 0) throw new Error(`${v.name}: ${bad.length} requests failed (${bad[0]?.status})`);
    return r.replies.reduce((sum, x) => sum + (x?.body.length ?? 0), 0) / n;
  };
  await fs.mkdir(path.resolve('.bench-data', 'profiles'), { recursive: true });
  const rows: string[] = [];
  for (const [k, v] of variants.entries()) {
    await send(v, 5, 0);
    const mb: Record<HeapSamplingMode, number> = { all: 0, promoted: 0 };
    let bodyBytes = 0;
    for (const mode of ['all', 'promoted'] as const) {
      await snorq.heapSampling({ action: 'start', mode });
      bodyBytes = await send(v, perKind, mode === 'all' ? 100 : 200);
      const file = writeProfiles ? path.resolve('.bench-data', 'profiles', `alloc-${k + 1}-${mode}.heapprofile`) : undefined;
      mb[mode] = (await snorq.heapSampling({ action: 'stop', file })).sampledMb;
    }
    const row = `${v.name}: allocated ${fmt((mb.all * 1024) / perKind, 0)} KB per request, promoted ${fmt((mb.promoted * 1024) / perKind, 0)} KB; answer ${fmt(bodyBytes / 1024, 1)} KB`;
    console.log(row);
    rows.push(row);
  }
  const heap = await snorq.heap();
  console.log(`snorq's heap at the end: ${heap ? `${fmt(heap.heapUsedMb)} of ${fmt(heap.heapTotalMb)} MB used, old spaces ${fmt(heap.oldSpacesUsedMb)} of ${fmt(heap.oldSpacesMb)}` : 'no answer'}`);
} finally {
  await snorq.stop();
}
