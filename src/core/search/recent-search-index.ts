import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { periodicJob, type PeriodicJob } from '../jobs/periodic-job.ts';

/**
 * A second GIN index of `search_vector`, partial: only messages from a cutoff day on (the newest
 * ~half million). Search's prefix ("damaged packag…") makes the GIN index put every message of
 * the table holding a word with that prefix into a bitmap before anything else, whatever time
 * window is asked for; a window whose lower bound is the cutoff is answered from this index
 * instead, so the bitmap and the heap reads cover the window, not the table
 * (src/core/search/search.ts; bench/FINDINGS.md, "Two words, 3 December, night").
 *
 * The cutoff is in the index's name (`messages_search_since_20261105`: from that day, 00:00 UTC)
 * and in its predicate. This job moves it forward as messages arrive: it builds the next index
 * `concurrently` (stores go on) and only then drops the previous one, so search always has one
 * (or, before the first build, the whole-table index alone). Search reads the cutoff from the
 * catalogue; a window older than the cutoff goes to the whole-table index, so every message is
 * still found whatever the cutoff, and an index dropped between search reading its cutoff and
 * using it only costs that search the whole-table plan.
 *
 * Not a migration: building it on a populated database takes minutes with a SHARE lock in the
 * migrator's transaction, while `create index concurrently` here takes no lock that stops stores.
 */

/** The name of every such index starts so; the rest is the cutoff day, YYYYMMDD. */
export const RECENT_INDEX_PREFIX = 'messages_search_since_';

export interface RecentIndexPolicy {
  /** Messages the index holds at least when built (the cutoff is the latest day boundary that many messages back). */
  messages: number;
  /** Built again (from a new cutoff) once it holds this many times `messages`. */
  growth: number;
}

/**
 * Half a million: "damaged package" (0.28 % of messages) finds its pool of 1,000 in the newest
 * ~360 k messages, at 1 M and at 10 M alike; the index then holds between 500 k and 600 k.
 * Smaller tables (under 1.5× that) go without: the whole-table index is at most 1.5× the window.
 */
export const RECENT_INDEX_POLICY: RecentIndexPolicy = { messages: 500_000, growth: 1.2 };

/** 'snorq-srch' as a number; any fixed key will do (the other jobs have their own). */
const RECENT_INDEX_LOCK_KEY = 7_365_938_219;

/** The cutoff an index name stands for, as an ISO instant; null when the name is not one of ours. */
export function cutoffOfIndexName(name: string): string | null {
  const m = /^messages_search_since_(\d{4})(\d{2})(\d{2})$/.exec(name);
  if (!m) return null;
  const at = new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00.000Z`);
  return Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== `${m[1]}-${m[2]}-${m[3]}` ? null : at.toISOString();
}

const indexNameOf = (day: Date) => `${RECENT_INDEX_PREFIX}${day.toISOString().slice(0, 10).replace(/-/g, '')}`;

export type RecentIndexPass =
  | { outcome: 'locked' } // another instance holds the job's lock
  | { outcome: 'kept' | 'built' | 'too-small'; index: string | null; dropped: string[] };

/**
 * One pass: leftovers of an interrupted build dropped, then — if there is no index yet, or the
 * one there holds more than `growth × messages` — the next one built from the day about
 * `messages` back, and the older ones dropped after it. One instance at a time (a session
 * advisory lock; the others return 'locked').
 */
export async function maintainRecentSearchIndex(db: Db, policy: RecentIndexPolicy = RECENT_INDEX_POLICY, now: Date = new Date()): Promise<RecentIndexPass> {
  if (!(policy.messages >= 1 && policy.growth >= 1)) throw new Error(`the recent search index needs messages ≥ 1 and growth ≥ 1 (got ${policy.messages}, ${policy.growth})`);
  return db.connection().execute(async (conn) => {
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${RECENT_INDEX_LOCK_KEY}::bigint) as locked`.execute(conn);
    if (!rows[0]?.locked) return { outcome: 'locked' };
    // An index build at 10 M messages takes minutes: the pool's statement timeout is for requests.
    await sql`select set_config('statement_timeout', '0', false)`.execute(conn);
    try {
      const dropped: string[] = [];
      const drop = async (name: string) => {
        await sql`drop index concurrently if exists ${sql.id(name)}`.execute(conn);
        dropped.push(name);
      };
      const ours = async () =>
        (
          await sql<{ name: string; valid: boolean }>`
            select c.relname as name, i.indisvalid as valid from pg_index i join pg_class c on c.oid = i.indexrelid
             where i.indrelid = 'messages'::regclass and c.relname like ${`${RECENT_INDEX_PREFIX.replace(/_/g, '\\_')}%`}
             order by c.relname`.execute(conn)
        ).rows.filter((r) => cutoffOfIndexName(r.name) !== null);
      // Holding the lock, no build of ours is under way: an invalid index is one a stopped
      // instance left half built (`create index concurrently` leaves it behind when interrupted).
      for (const r of await ours()) if (!r.valid) await drop(r.name);
      const valid = (await ours()).map((r) => r.name);
      const current = valid.at(-1) ?? null; // names sort by cutoff
      // Any older one is left from a pass stopped between a build and its drop.
      for (const name of valid.slice(0, -1)) await drop(name);
      const count = async (from: Date) =>
        Number((await sql<{ n: string }>`select count(*) as n from messages where platform_timestamp >= ${from.toISOString()}::timestamptz`.execute(conn)).rows[0]!.n);
      const total = Number((await sql<{ n: number }>`select greatest(reltuples, 0)::float8 as n from pg_class where oid = 'messages'::regclass`.execute(conn)).rows[0]!.n);
      if (current === null && total < 1.5 * policy.messages) return { outcome: 'too-small', index: null, dropped };
      if (current !== null && (await count(new Date(cutoffOfIndexName(current)!))) <= policy.growth * policy.messages) return { outcome: 'kept', index: current, dropped };
      // The latest day from which at least `messages` were stored: doubling back from a week,
      // then halving the gap (a count each; a rate would overshoot across a quiet week).
      const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
      const dayBack = (days: number) => new Date(today - days * 86_400_000);
      let [short, days] = [0, 7];
      while (days < 36_500 && (await count(dayBack(days))) < policy.messages) [short, days] = [days, Math.min(36_500, days * 2)];
      while (days - short > 1) {
        const mid = Math.floor((short + days) / 2);
        if ((await count(dayBack(mid))) >= policy.messages) days = mid;
        else short = mid;
      }
      const cutoff = dayBack(days);
      const name = indexNameOf(cutoff);
      if (name === current || (current !== null && name < current)) return { outcome: 'kept', index: current, dropped };
      // `if not exists`: an operator may have built it by hand, as below.
      await sql`create index concurrently if not exists ${sql.id(name)} on messages using gin (search_vector) where platform_timestamp >= ${sql.lit(cutoff.toISOString())}::timestamptz`.execute(conn);
      if (current !== null) await drop(current);
      return { outcome: 'built', index: name, dropped };
    } finally {
      await sql`reset statement_timeout`.execute(conn);
      await sql`select pg_advisory_unlock(${RECENT_INDEX_LOCK_KEY}::bigint)`.execute(conn);
    }
  });
}

/** Every hour, first ten minutes after start (a restart loop must not rebuild indexes). */
export function createRecentSearchIndexJob(deps: { db: Db; policy?: RecentIndexPolicy; log: { info(o: object, m: string): void; warn(o: object, m: string): void } }): PeriodicJob<RecentIndexPass> {
  return periodicJob({
    intervalMs: 3600_000,
    firstDelayMs: 600_000,
    pass: async (now) => {
      const pass = await maintainRecentSearchIndex(deps.db, deps.policy, now);
      if (pass.outcome === 'built' || (pass.outcome !== 'locked' && pass.dropped.length > 0)) deps.log.info(pass, 'moved the recent messages’ search index');
      return pass;
    },
    onError: (err) => deps.log.warn({ err }, 'maintaining the recent messages’ search index failed'),
  });
}
