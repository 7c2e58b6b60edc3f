import pg from 'pg';
import type { BenchContext } from './lib/context.ts';
import { runLoad, type LoadResult, type PreparedRequest } from './lib/load-generator.ts';
import { fmt, fmtRatio, verdict, type Markdown } from './lib/markdown.ts';
import { sampleActivity, type ActivityBreakdown } from './lib/pg-activity.ts';
import { treeCpu } from './lib/process-cpu.ts';
import { BENCH_WHATSAPP, startBareHmacServer, type BenchSnorq } from './lib/snorq-process.ts';
import { medianOf, percentile, ratio } from './lib/stats.ts';
import { whatsappWebhook } from './lib/webhooks.ts';

/**
 * Benchmark 1 — ingestion. Signed single-message WhatsApp webhooks POSTed at snorq over real
 * HTTP at a fixed concurrency, against a bare node:http endpoint that only checks the HMAC (same
 * bodies, same client, rounds interleaved). Afterwards every acknowledged message must be in the
 * database exactly once, and redelivering some of them must store nothing.
 */

export const CONCURRENCY = 32;
const CUSTOMERS = 1000;
const STATS_FLUSH_MS = 11_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Figures extends Record<string, number> {
  perSecond: number;
  p50: number;
  p99: number;
  /** CPU time per acknowledged request: the server's Node.js process, its database (snorq's embedded PostgreSQL), the load generator. */
  serverCpuMs: number;
  databaseCpuMs: number;
  clientCpuMs: number;
}

export interface IngestionResult {
  concurrency: number;
  requestsPerRound: number;
  rounds: number;
  bare: Figures;
  snorq: Figures;
  /** Transactions committed per stored message (pg_stat_database.xact_commit; autocommit reads count too). */
  commitsPerMessage: number;
  /** What PostgreSQL's backends were doing during the snorq rounds. */
  activity: ActivityBreakdown;
  failedRequests: number;
  verify: { acknowledged: number; storedOnce: number; missing: number; duplicates: number; redelivered: number; storedByRedelivery: number };
}

/** One measured round: the load, and the CPU time the server's process tree and this process spent on it. */
async function measuredRound(pid: number, url: string, requests: PreparedRequest[]): Promise<{ load: LoadResult; figures: Figures }> {
  const before = await treeCpu(pid);
  const client = process.cpuUsage();
  const load = await runLoad({ url, concurrency: CONCURRENCY, requests });
  const clientUsage = process.cpuUsage(client);
  const after = await treeCpu(pid);
  const ok = Math.max(load.replies.filter((x) => x?.status === 200).length, 1);
  return {
    load,
    figures: {
      perSecond: ok / (load.elapsedMs / 1000),
      p50: percentile(load.latenciesMs, 50),
      p99: percentile(load.latenciesMs, 99),
      serverCpuMs: (after.rootMs - before.rootMs) / ok,
      databaseCpuMs: (after.descendantsMs - before.descendantsMs) / ok,
      clientCpuMs: (clientUsage.user + clientUsage.system) / 1000 / ok,
    },
  };
}

/** Exactly once: every acknowledged id stored, none twice; a redelivery stores nothing. */
async function verifyExactlyOnce(ctx: BenchContext, db: pg.Client, snorq: BenchSnorq, acked: string[]): Promise<IngestionResult['verify']> {
  const count = async () => {
    const { rows } = await db.query<{ external_id: string; n: string }>(
      `select m.external_id, count(*) as n from messages m join channels c on c.id = m.channel_id
        where c.platform = 'whatsapp' and c.external_account_id = $1 and m.external_id like 'wamid.bench.%' group by m.external_id`,
      [BENCH_WHATSAPP.phoneNumberId],
    );
    return new Map(rows.map((r) => [r.external_id, Number(r.n)]));
  };
  const inDb = await count();
  const missing = acked.filter((id) => !inDb.has(id)).length;
  const duplicates = [...inDb.values()].filter((c) => c > 1).length;
  const again = Array.from({ length: 200 }, (_, i) => whatsappWebhook(`wamid.bench.r1.${i}`, i % CUSTOMERS, `bench message r1/${i}: is my order on its way?`));
  const redelivery = await runLoad({ url: snorq.url, concurrency: CONCURRENCY, requests: again });
  const after = await count();
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const verify = {
    acknowledged: acked.length,
    storedOnce: [...inDb.values()].filter((c) => c === 1).length,
    missing,
    duplicates,
    redelivered: redelivery.replies.filter((r) => r?.status === 200).length,
    storedByRedelivery: total(after) - total(inDb),
  };
  ctx.log(
    `ingestion verify: ${verify.acknowledged} acknowledged, ${verify.storedOnce} stored exactly once, ${missing} missing, ${duplicates} duplicated; ` +
      `${verify.redelivered} redeliveries acknowledged, ${verify.storedByRedelivery} stored again`,
  );
  return verify;
}

export async function runIngestion(ctx: BenchContext, snorq: BenchSnorq): Promise<IngestionResult> {
  const n = Number(process.env.BENCH_INGEST_REQUESTS ?? 3000);
  const bare = await startBareHmacServer(BENCH_WHATSAPP.appSecret);
  const db = new pg.Client({ connectionString: snorq.databaseUrl });
  await db.connect();
  const commits = async () => Number((await db.query<{ c: string }>('select xact_commit as c from pg_stat_database where datname = current_database()')).rows[0]!.c);
  try {
    const batch = (round: string, count: number): PreparedRequest[] =>
      Array.from({ length: count }, (_, i) => whatsappWebhook(`wamid.bench.${round}.${i}`, i % CUSTOMERS, `bench message ${round}/${i}: is my order on its way?`));
    const acked: string[] = [];
    const collect = (round: string, r: LoadResult) =>
      r.replies.forEach((reply, i) => {
        if (reply?.status === 200) acked.push(`wamid.bench.${round}.${i}`);
      });

    ctx.log(`ingestion: warm-up (${CONCURRENCY} in flight)`);
    collect('warm', await runLoad({ url: snorq.url, concurrency: CONCURRENCY, requests: batch('warm', 500) }));
    await runLoad({ url: bare.url, concurrency: CONCURRENCY, requests: batch('warm', 500) });

    const bareRounds: Figures[] = [];
    const snorqRounds: Figures[] = [];
    let failed = 0;
    let stored = 0;
    await sleep(STATS_FLUSH_MS);
    const commitsBefore = await commits();
    const activity = sampleActivity(snorq.databaseUrl);
    for (let round = 1; round <= ctx.rounds; round++) {
      bareRounds.push((await measuredRound(bare.pid, bare.url, batch(`bare${round}`, n))).figures);
      const { load: s, figures } = await measuredRound(snorq.pid, snorq.url, batch(`r${round}`, n));
      const ok = s.replies.filter((x) => x?.status === 200).length;
      stored += ok;
      failed += s.requests - ok;
      collect(`r${round}`, s);
      snorqRounds.push(figures);
      ctx.log(
        `ingestion round ${round}/${ctx.rounds}: bare ${fmt(bareRounds.at(-1)!.perSecond, 0)}/s p99 ${fmt(bareRounds.at(-1)!.p99)} ms; ` +
          `snorq ${fmt(snorqRounds.at(-1)!.perSecond, 0)}/s p50 ${fmt(snorqRounds.at(-1)!.p50)} ms p99 ${fmt(snorqRounds.at(-1)!.p99)} ms (${ok}/${n} acknowledged); ` +
          `CPU ms per message: snorq ${fmt(figures.serverCpuMs, 2)}, PostgreSQL ${fmt(figures.databaseCpuMs, 2)}, client ${fmt(figures.clientCpuMs, 2)} (bare ${fmt(bareRounds.at(-1)!.serverCpuMs, 2)})`,
      );
    }

    const breakdown = await activity.stop();
    // backends publish their statistics when idle, at most once a second and at the latest after 10 s
    await sleep(STATS_FLUSH_MS);
    const commitsPerMessage = ((await commits()) - commitsBefore - 1) / Math.max(stored, 1);

    const verify = await verifyExactlyOnce(ctx, db, snorq, acked);
    return {
      concurrency: CONCURRENCY,
      requestsPerRound: n,
      rounds: ctx.rounds,
      bare: medianOf(bareRounds),
      snorq: medianOf(snorqRounds),
      commitsPerMessage,
      activity: breakdown,
      failedRequests: failed,
      verify,
    };
  } finally {
    await db.end();
    await bare.stop();
  }
}

export function reportIngestion(md: Markdown, r: IngestionResult): void {
  const rate = ratio(r.snorq.perSecond, r.bare.perSecond);
  const v = r.verify;
  const exact = v.missing === 0 && v.duplicates === 0 && v.storedByRedelivery === 0;
  const a = r.activity.shares;
  const pct = (x: number) => `${fmt(x * 100, 0)}%`;
  md.heading(2, '1. Ingestion: signed webhooks stored durably')
    .paragraph(
      `${r.rounds} rounds of ${fmt(r.requestsPerRound, 0)} single-message WhatsApp webhooks (signed X-Hub-Signature-256, real HTTP, keep-alive) at ${r.concurrency} in flight, ` +
        'against snorq (child process, embedded PostgreSQL with fsync on) and against a bare `node:http` endpoint that only checks the HMAC ' +
        '(child process, same bodies, same client, rounds interleaved). Medians over the rounds.',
    )
    .table(
      ['figure', 'snorq', 'bare node:http (baseline)', 'ratio', 'bar', 'verdict'],
      [
        ['messages stored / s (bare: requests / s)', fmt(r.snorq.perSecond, 0), fmt(r.bare.perSecond, 0), fmtRatio(rate), '≥ 0.25×', verdict(rate >= 0.25)],
        ['p50 latency (ms)', fmt(r.snorq.p50), fmt(r.bare.p50), fmtRatio(ratio(r.snorq.p50, r.bare.p50)), '', ''],
        ['p99 latency (ms)', fmt(r.snorq.p99), fmt(r.bare.p99), fmtRatio(ratio(r.snorq.p99, r.bare.p99)), '< 50 ms', verdict(r.snorq.p99 < 50)],
        ['CPU per message, server process (ms)', fmt(r.snorq.serverCpuMs, 2), fmt(r.bare.serverCpuMs, 2), fmtRatio(ratio(r.snorq.serverCpuMs, r.bare.serverCpuMs)), '', ''],
        ['CPU per message, PostgreSQL (ms)', fmt(r.snorq.databaseCpuMs, 2), '—', '', '', ''],
        ['CPU per message, load generator (ms)', fmt(r.snorq.clientCpuMs, 2), fmt(r.bare.clientCpuMs, 2), '', '', ''],
      ],
    )
    .paragraph(
      `Exactly once: ${fmt(v.acknowledged, 0)} webhooks acknowledged with 200, ${fmt(v.storedOnce, 0)} stored exactly once (counted by external id), ` +
        `${v.missing} missing, ${v.duplicates} duplicated; ${v.redelivered} of them redelivered byte for byte afterwards were acknowledged and stored ` +
        `${v.storedByRedelivery} new rows — **${exact ? 'verified' : 'VIOLATED'}**. Requests not acknowledged during the rounds: ${r.failedRequests}.`,
    )
    .paragraph(
      `**What this means:** snorq stores ${fmt(r.snorq.perSecond, 0)} webhooks per second durably, ${fmtRatio(rate)} of what a bare HMAC endpoint answers on this machine ` +
        `(goal ≥ 0.25×), with ${fmt(r.commitsPerMessage, 2)} committed transactions per stored message (pg_stat_database; read-only autocommit statements count too). ` +
        `While it ran, PostgreSQL's busy backends spent ${pct(a.waitingForApp)} of their time idle inside a transaction waiting for snorq's next statement (round trips), ` +
        `${pct(a.executing)} executing, ${pct(a.locks)} waiting on locks${r.activity.topLockWait && a.locks >= 0.01 ? ` (most often \`${r.activity.topLockWait}…\`)` : ''}, ${pct(a.walFlush)} flushing WAL for commits ` +
        `and ${pct(a.other)} on other waits (${fmt(r.activity.samples, 0)} samples of pg_stat_activity). ` +
        `CPU is the budget here: each stored message cost ${fmt(r.snorq.serverCpuMs + r.snorq.databaseCpuMs + r.snorq.clientCpuMs, 2)} ms of CPU in all ` +
        `(snorq ${fmt(r.snorq.serverCpuMs, 2)}, PostgreSQL ${fmt(r.snorq.databaseCpuMs, 2)}, load generator ${fmt(r.snorq.clientCpuMs, 2)}) against ` +
        `${fmt(r.bare.serverCpuMs + r.bare.clientCpuMs, 2)} ms per bare request, on two cores shared by all of them. ` +
        `At ${r.concurrency} in flight the latency is in-flight ÷ rate (Little's law: ${fmt((r.concurrency / r.snorq.perSecond) * 1000, 0)} ms mean), so the p99 bar follows the rate bar. ` +
        'Nothing acknowledged was lost or stored twice.',
    );
}
