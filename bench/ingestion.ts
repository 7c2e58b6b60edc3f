import pg from 'pg';
import type { BenchContext } from './lib/context.ts';
import { runLoad, type LoadResult, type PreparedRequest } from './lib/load-generator.ts';
import { fmt, fmtRatio, verdict, type Markdown } from './lib/markdown.ts';
import { BENCH_APPLICATION_NAME, sampleActivity, type ActivityBreakdown } from './lib/pg-activity.ts';
import { forSnorq, pgCpu, pgCpuDelta } from './lib/pg-cpu.ts';
import { preloadStatements, resetStatements, statementsWanted, topStatements, type StatementFigure } from './lib/pg-statements.ts';
import { countersDelta, tableCounters, type TableCounters } from './lib/pg-tables.ts';
import { treeCpu } from './lib/process-cpu.ts';
import { BENCH_WHATSAPP, startBareHmacServer, startBenchSnorq, type BenchSnorq } from './lib/snorq-process.ts';
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
  /** All of the database's processes but the benchmark's own connections (its sampler, its counters). */
  databaseCpuMs: number;
  /** Of databaseCpuMs: autovacuum workers and other exited children (reaped by the postmaster). */
  autovacuumCpuMs: number;
  /** Of databaseCpuMs: the checkpointer, WAL writer, background writer, I/O workers, postmaster. */
  backgroundCpuMs: number;
  /** Not in databaseCpuMs: the benchmark's own backends (the pg_stat_activity sampler). */
  benchDbCpuMs: number;
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
  /**
   * Stored messages per transaction that stored any (the batch size): `new:message` events per
   * distinct `created_at` among them — `now()`, the transaction's start, shared by a batch's events.
   */
  messagesPerCommit?: number;
  /** What PostgreSQL's backends were doing during the snorq rounds. */
  activity: ActivityBreakdown;
  /** Thread updates (HOT or not) and index use on `messages` and `conversations` during the snorq rounds. */
  tables?: TableCounters;
  /** BENCH_PG_STATEMENTS=1: the statements that took the most time during the snorq rounds. */
  statements?: StatementFigure[];
  failedRequests: number;
  verify: { acknowledged: number; storedOnce: number; missing: number; duplicates: number; redelivered: number; storedByRedelivery: number };
}

/** One measured round: the load, and the CPU time the server's process tree and this process spent on it. */
async function measuredRound(pid: number, url: string, requests: PreparedRequest[], benchPids: ReadonlySet<number>): Promise<{ load: LoadResult; figures: Figures }> {
  const before = await treeCpu(pid);
  const dbBefore = await pgCpu(pid, benchPids);
  const client = process.cpuUsage();
  const load = await runLoad({ url, concurrency: CONCURRENCY, requests });
  const clientUsage = process.cpuUsage(client);
  const after = await treeCpu(pid);
  const db = pgCpuDelta(dbBefore, await pgCpu(pid, benchPids));
  const ok = Math.max(load.replies.filter((x) => x?.status === 200).length, 1);
  return {
    load,
    figures: {
      perSecond: ok / (load.elapsedMs / 1000),
      p50: percentile(load.latenciesMs, 50),
      p99: percentile(load.latenciesMs, 99),
      serverCpuMs: (after.rootMs - before.rootMs) / ok,
      databaseCpuMs: forSnorq(db) / ok,
      autovacuumCpuMs: (db.autovacuum + db.exited) / ok,
      backgroundCpuMs: db.background / ok,
      benchDbCpuMs: db.benchBackends / ok,
      clientCpuMs: (clientUsage.user + clientUsage.system) / 1000 / ok,
    },
  };
}

/** The benchmark's own backends (named BENCH_APPLICATION_NAME), whose CPU time is not snorq's. */
async function benchBackendPids(db: pg.Client): Promise<Set<number>> {
  const { rows } = await db.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1', [BENCH_APPLICATION_NAME]);
  return new Set(rows.map((r) => r.pid));
}

/**
 * snorq for the ingestion benchmark, on a fresh database. With BENCH_PG_STATEMENTS=1 it is
 * started twice: the first start creates the cluster, which is told to preload
 * pg_stat_statements, and the second loads it.
 */
export async function startIngestionSnorq(): Promise<BenchSnorq> {
  const first = await startBenchSnorq('ingest', { fresh: true });
  if (!statementsWanted()) return first;
  try {
    await preloadStatements(first.databaseUrl);
  } finally {
    await first.stop();
  }
  return startBenchSnorq('ingest', { fresh: false });
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

const batchOf = (round: string, count: number): PreparedRequest[] =>
  Array.from({ length: count }, (_, i) => whatsappWebhook(`wamid.bench.${round}.${i}`, i % CUSTOMERS, `bench message ${round}/${i}: is my order on its way?`));

interface Rounds {
  bare: Figures[];
  snorq: Figures[];
  stored: number;
  failed: number;
}

/** The measured rounds, bare and snorq interleaved; acknowledged ids go to `acked`. */
async function measureRounds(ctx: BenchContext, snorq: BenchSnorq, bare: { pid: number; url: string }, benchPids: ReadonlySet<number>, acked: string[]): Promise<Rounds> {
  const n = Number(process.env.BENCH_INGEST_REQUESTS ?? 3000);
  const out: Rounds = { bare: [], snorq: [], stored: 0, failed: 0 };
  for (let round = 1; round <= ctx.rounds; round++) {
    const b = (await measuredRound(bare.pid, bare.url, batchOf(`bare${round}`, n), benchPids)).figures;
    out.bare.push(b);
    const { load: s, figures: f } = await measuredRound(snorq.pid, snorq.url, batchOf(`r${round}`, n), benchPids);
    const ok = s.replies.filter((x) => x?.status === 200).length;
    out.stored += ok;
    out.failed += s.requests - ok;
    s.replies.forEach((reply, i) => reply?.status === 200 && acked.push(`wamid.bench.r${round}.${i}`));
    out.snorq.push(f);
    ctx.log(
      `ingestion round ${round}/${ctx.rounds}: bare ${fmt(b.perSecond, 0)}/s p99 ${fmt(b.p99)} ms; ` +
        `snorq ${fmt(f.perSecond, 0)}/s p50 ${fmt(f.p50)} ms p99 ${fmt(f.p99)} ms (${ok}/${n} acknowledged); ` +
        `CPU ms per message: snorq ${fmt(f.serverCpuMs, 2)}, PostgreSQL ${fmt(f.databaseCpuMs, 2)} (autovacuum ${fmt(f.autovacuumCpuMs, 2)}, ` +
        `background ${fmt(f.backgroundCpuMs, 2)}; the benchmark's sampler ${fmt(f.benchDbCpuMs, 2)} not counted), client ${fmt(f.clientCpuMs, 2)} (bare ${fmt(b.serverCpuMs, 2)})`,
    );
  }
  return out;
}

export async function runIngestion(ctx: BenchContext, snorq: BenchSnorq): Promise<IngestionResult> {
  const bare = await startBareHmacServer(BENCH_WHATSAPP.appSecret);
  const db = new pg.Client({ connectionString: snorq.databaseUrl, application_name: BENCH_APPLICATION_NAME });
  await db.connect();
  const commits = async () => Number((await db.query<{ c: string }>('select xact_commit as c from pg_stat_database where datname = current_database()')).rows[0]!.c);
  try {
    const acked: string[] = [];
    ctx.log(`ingestion: warm-up (${CONCURRENCY} in flight)`);
    const warm = await runLoad({ url: snorq.url, concurrency: CONCURRENCY, requests: batchOf('warm', 500) });
    warm.replies.forEach((reply, i) => reply?.status === 200 && acked.push(`wamid.bench.warm.${i}`));
    await runLoad({ url: bare.url, concurrency: CONCURRENCY, requests: batchOf('warm', 500) });
    // Statistics as on any database older than autovacuum's first pass. The cluster is fresh, and
    // until then the planner knows nothing of `conversations`: the store function's thread lookup
    // then walked the channel's whole list index for some runs' first rounds and not others'
    // (0.197 ms of PostgreSQL time per message at 10:12, 0.02-0.04 once analysed; bench/FINDINGS.md).
    await db.query('analyze');

    await sleep(STATS_FLUSH_MS);
    if (statementsWanted()) await resetStatements(snorq.databaseUrl);
    const commitsBefore = await commits();
    const roundsStart = (await db.query<{ at: Date }>('select clock_timestamp() as at')).rows[0]!.at;
    const tablesBefore = await tableCounters(db);
    // every 50 ms, not 10: its backend spent ~0.1 ms of CPU per stored message at a quiet run's
    // rate (0.5–1.2 ms at a loaded machine's), CPU the two cores' snorq and load generator lack
    const activity = sampleActivity(snorq.databaseUrl, 50);
    // the sampler's connection is open once it has taken its first sample
    while ((await benchBackendPids(db)).size < 2) await sleep(50);
    const rounds = await measureRounds(ctx, snorq, bare, await benchBackendPids(db), acked);
    const breakdown = await activity.stop();
    // backends publish their statistics when idle, at most once a second and at the latest after 10 s
    await sleep(STATS_FLUSH_MS);
    // the sampler's statements and this connection's own reads are autocommit transactions too
    const commitsPerMessage = ((await commits()) - commitsBefore - 2 - breakdown.samples) / Math.max(rounds.stored, 1);
    const tables = countersDelta(tablesBefore, await tableCounters(db));
    const statements = statementsWanted() ? await topStatements(snorq.databaseUrl, rounds.stored) : undefined;
    const batches = (
      await db.query<{ messages: number; commits: number }>(
        `select count(*)::int as messages, count(distinct created_at)::int as commits from events where type = 'new:message' and created_at >= $1`,
        [roundsStart],
      )
    ).rows[0]!;
    const messagesPerCommit = batches.messages / Math.max(batches.commits, 1);
    ctx.log(`ingestion: ${batches.messages} messages stored in ${batches.commits} transactions, ${fmt(messagesPerCommit, 1)} per commit`);

    const verify = await verifyExactlyOnce(ctx, db, snorq, acked);
    return {
      concurrency: CONCURRENCY,
      requestsPerRound: Number(process.env.BENCH_INGEST_REQUESTS ?? 3000),
      rounds: ctx.rounds,
      bare: medianOf(rounds.bare),
      snorq: medianOf(rounds.snorq),
      commitsPerMessage,
      messagesPerCommit,
      activity: breakdown,
      tables,
      statements,
      failedRequests: rounds.failed,
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
  const cpu = r.snorq.serverCpuMs + r.snorq.databaseCpuMs;
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
        ['CPU per message, snorq + PostgreSQL (ms)', fmt(cpu, 2), '—', '', '≤ 1.0 ms', verdict(cpu <= 1.0)],
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
        `(goal ≥ 0.25×), with ${fmt(r.commitsPerMessage, 2)} committed transactions per stored message (pg_stat_database; read-only autocommit statements count too)` +
        `${r.messagesPerCommit === undefined ? '' : ` and ${fmt(r.messagesPerCommit, 1)} messages stored per transaction that stored any (the batch size)`}. ` +
        `While it ran, PostgreSQL's busy backends spent ${pct(a.waitingForApp)} of their time idle inside a transaction waiting for snorq's next statement (round trips), ` +
        `${pct(a.executing)} executing, ${pct(a.locks)} waiting on locks${r.activity.topLockWait && a.locks >= 0.01 ? ` (most often \`${r.activity.topLockWait}…\`)` : ''}, ${pct(a.walFlush)} flushing WAL for commits ` +
        `and ${pct(a.other)} on other waits (${fmt(r.activity.samples, 0)} samples of pg_stat_activity). ` +
        `CPU is the budget here: each stored message cost ${fmt(r.snorq.serverCpuMs + r.snorq.databaseCpuMs + r.snorq.clientCpuMs, 2)} ms of CPU in all ` +
        `(snorq ${fmt(r.snorq.serverCpuMs, 2)}, PostgreSQL ${fmt(r.snorq.databaseCpuMs, 2)}, load generator ${fmt(r.snorq.clientCpuMs, 2)}) against ` +
        `${fmt(r.bare.serverCpuMs + r.bare.clientCpuMs, 2)} ms per bare request, on two cores shared by all of them. ` +
        `At ${r.concurrency} in flight the latency is in-flight ÷ rate (Little's law: ${fmt((r.concurrency / r.snorq.perSecond) * 1000, 0)} ms mean), so the p99 bar follows the rate bar. ` +
        'Nothing acknowledged was lost or stored twice.',
    );
  reportWhereItGoes(md, r);
}

/** PostgreSQL's part in detail: its processes, the thread updates, the indexes, the statements (BENCH_PG_STATEMENTS=1). */
function reportWhereItGoes(md: Markdown, r: IngestionResult): void {
  const s = r.snorq;
  md.paragraph(
    `PostgreSQL's ${fmt(s.databaseCpuMs, 2)} ms per message: autovacuum and other exited processes ${fmt(s.autovacuumCpuMs, 2)}, ` +
      `checkpointer, WAL writer and the other background processes ${fmt(s.backgroundCpuMs, 2)}, the rest snorq's connections' backends. ` +
      `Left out: ${fmt(s.benchDbCpuMs, 2)} ms per message spent by the benchmark's own pg_stat_activity sampler.`,
  );
  const t = r.tables;
  if (t) {
    md.paragraph(
      `During the snorq rounds: ${fmt(t.inserts, 0)} rows inserted into \`messages\`, ${fmt(t.updates, 0)} updates of \`conversations\` of which ` +
        `${fmt(t.hotUpdates, 0)} HOT (no index entry written). The indexes of both tables, with the scans ingestion itself made through them:`,
    ).table(
      ['table', 'index', 'size (kB)', 'scans during the rounds'],
      t.indexes.map((i) => [i.table, `\`${i.index}\``, fmt(i.bytes / 1024, 0), fmt(i.scans, 0)]),
    );
  }
  if (r.statements) {
    md.paragraph(
      'The statements that took the most time during the snorq rounds (`BENCH_PG_STATEMENTS=1`: pg_stat_statements, `track = all`; ' +
        "a nested statement's time is also in its caller's), per stored message:",
    ).table(
      ['statement', 'top level', 'calls / message', 'ms / message', 'mean ms', 'rows / call'],
      r.statements.map((q) => [`\`${q.query}\``, q.toplevel ? 'yes' : 'nested', fmt(q.callsPerMessage, 3), fmt(q.msPerMessage, 3), fmt(q.meanMs, 3), fmt(q.rowsPerCall, 1)]),
    );
  }
}
