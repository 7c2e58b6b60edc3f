import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { CONCURRENCY, type IngestionResult } from './ingestion.ts';
import type { BenchContext } from './lib/context.ts';
import { fmt, fmtRatio, type Markdown } from './lib/markdown.ts';
import type { BenchSnorq } from './lib/snorq-process.ts';
import { medianOf, percentile, ratio } from './lib/stats.ts';

/**
 * Benchmark 4 — what PostgreSQL itself can store on this machine: plain single-row INSERTs (each
 * its own transaction, so one WAL flush each) into a copy of snorq's messages table with all its
 * indexes, from as many connections as the ingestion benchmark has requests in flight, in the
 * same cluster (same fsync). snorq's stored-message rate from benchmark 1 is compared to it.
 */

export interface StorageResult {
  concurrency: number;
  rowsPerRound: number;
  plain: { perSecond: number; p50: number; p99: number };
}

export async function runStorageBaseline(ctx: BenchContext, snorq: BenchSnorq): Promise<StorageResult> {
  const n = Number(process.env.BENCH_STORAGE_ROWS ?? 3000);
  const admin = new pg.Client({ connectionString: snorq.databaseUrl });
  await admin.connect();
  await admin.query('create schema if not exists bench');
  await admin.query('drop table if exists bench.plain_messages');
  // same columns, defaults, generated search_vector, checks and indexes; no foreign keys
  await admin.query('create table bench.plain_messages (like public.messages including all)');
  const { rows } = await admin.query<{ organization_id: string; channel_id: string; conversation_id: string }>(
    `select organization_id, channel_id, conversation_id from messages where external_id like 'wamid.bench.%' limit 1`,
  );
  const ref = rows[0]!;
  const pool = new pg.Pool({ connectionString: snorq.databaseUrl, max: CONCURRENCY });
  const insert = `insert into bench.plain_messages (organization_id, conversation_id, channel_id, direction, content, content_type, status, external_id, raw, platform_timestamp)
                  values ($1, $2, $3, 'inbound', $4, 'text', 'delivered', $5, $6, $7)`;
  const one = async (round: number, i: number) => {
    const text = `bench message p${round}/${i}: is my order on its way?`;
    const raw = JSON.stringify({ from: String(4915000000000 + (i % 1000)), id: `wamid.plain.${round}.${i}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } });
    const t = performance.now();
    await pool.query(insert, [ref.organization_id, ref.conversation_id, ref.channel_id, text, `wamid.plain.${round}.${i}`, raw, new Date()]);
    return performance.now() - t;
  };
  const runRound = async (round: number, count: number) => {
    let next = 0;
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < count) latencies.push(await one(round, next++));
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return { perSecond: count / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  };
  try {
    await runRound(0, 500);
    const rounds = [];
    for (let round = 1; round <= ctx.rounds; round++) {
      rounds.push(await runRound(round, n));
      ctx.log(`storage baseline round ${round}/${ctx.rounds}: ${fmt(rounds.at(-1)!.perSecond, 0)} inserts/s, p99 ${fmt(rounds.at(-1)!.p99)} ms`);
    }
    return { concurrency: CONCURRENCY, rowsPerRound: n, plain: medianOf(rounds) };
  } finally {
    await pool.end();
    await admin.query('drop schema bench cascade');
    await admin.end();
  }
}

export function reportStorage(md: Markdown, r: StorageResult, ingestion: IngestionResult): void {
  const rate = ratio(ingestion.snorq.perSecond, r.plain.perSecond);
  md.heading(2, '4. Storage baseline: PostgreSQL’s own insert rate')
    .paragraph(
      `${fmt(r.rowsPerRound, 0)} plain single-row INSERTs per round (autocommit: one WAL flush each) into a copy of \`messages\` with all its indexes ` +
        `(including the full-text GIN index), from ${r.concurrency} connections, in snorq’s own cluster (fsync on). Medians over the rounds.`,
    )
    .table(
      ['figure', 'snorq (benchmark 1)', 'plain INSERT (baseline)', 'ratio'],
      [
        ['rows stored / s', fmt(ingestion.snorq.perSecond, 0), fmt(r.plain.perSecond, 0), fmtRatio(rate)],
        ['p50 latency (ms)', fmt(ingestion.snorq.p50), fmt(r.plain.p50), fmtRatio(ratio(ingestion.snorq.p50, r.plain.p50))],
        ['p99 latency (ms)', fmt(ingestion.snorq.p99), fmt(r.plain.p99), fmtRatio(ratio(ingestion.snorq.p99, r.plain.p99))],
      ],
    )
    .paragraph(
      `**What this means:** PostgreSQL with fsync on stores ${fmt(r.plain.perSecond, 0)} rows per second here from ${r.concurrency} connections (commits are flushed together), ` +
        `so the disk is not what limits snorq: it stores ${fmtRatio(rate)} of that. A plain INSERT is one round trip and one commit; a snorq message is several ` +
        'statements (contact identity, conversation, message, thread summary, journal, event log), each a round trip between two processes, ' +
        `sharing ${fmt(ingestion.commitsPerMessage, 2)} commits per message; benchmark 1 shows where PostgreSQL's time went.`,
    );
}
