import { Kysely, Migrator, PostgresDialect, type Migration, type MigrationProvider } from 'kysely';
import pg from 'pg';
import * as foundation from './migrations/0001-foundation.ts';
import * as outbox from './migrations/0002-outbox.ts';
import * as search from './migrations/0003-search.ts';
import * as canned from './migrations/0004-canned-responses.ts';
import * as oauth from './migrations/0005-oauth.ts';
import * as earlyStatuses from './migrations/0006-early-statuses.ts';
import * as avatars from './migrations/0007-avatars.ts';
import * as listByChannel from './migrations/0008-list-by-channel.ts';
import * as storeMessages from './migrations/0009-store-messages.ts';
import * as searchByTime from './migrations/0010-search-by-time.ts';
import * as accountsAudit from './migrations/0011-accounts-audit.ts';
import * as sharedMedia from './migrations/0012-shared-media.ts';
import * as messageKinds from './migrations/0013-message-kinds.ts';
import * as receiptsAfterSend from './migrations/0015-receipts-after-send.ts';
import * as webhookAccountHint from './migrations/0016-webhook-account-hint.ts';
import * as replyExamples from './migrations/0024-reply-examples.ts';
import * as plainMediaPreviews from './migrations/0026-plain-media-previews.ts';
import { applyDefinitions } from './definitions/apply-definitions.ts';
import * as contactsMigration from './migrations/0019-contacts.ts';
import * as notifications from './migrations/0020-notifications.ts';
import * as settings from './migrations/0018-settings.ts';
import * as holidays from './migrations/0025-holidays.ts';
import * as outgoingWebhooks from './migrations/0022-outgoing-webhooks.ts';
import * as presence from './migrations/0021-presence.ts';
import * as resolvedAt from './migrations/0029-resolved-at.ts';
import * as failureEvidence from './migrations/0038-failure-evidence.ts';
import * as slaRefreshIndex from './migrations/0042-sla-refresh-index.ts';
import * as slaWarnedAt from './migrations/0045-sla-warned-at.ts';
import * as messagesTimeBrin from './migrations/0046-messages-time-brin.ts';
import * as dropMessagesTimeBrin from './migrations/0047-drop-messages-time-brin.ts';
import * as phrasePairs from './migrations/0048-phrase-pairs.ts';
import * as automation from './migrations/0028-automation.ts';
import * as teamsRoutingSla from './migrations/0027-teams-routing-sla.ts';
import * as aiSettings from './migrations/0035-ai-settings.ts';
import * as teamNamesAnyCase from './migrations/0036-team-names-any-case.ts';
import type { Database } from './schema.ts';

// bigint ids and counts come back as JS numbers: every id snorq makes fits in 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

export type Db = Kysely<Database>;

/**
 * The driver's pool under each handle openDatabase made. Kysely runs one statement per round trip
 * and keeps one result; ingestion's batches need a round trip of several statements (BEGIN, the
 * store, …, COMMIT: src/core/ingest/batch-transaction.ts), which only the driver itself does.
 */
const pools = new WeakMap<Db, pg.Pool>();

/** The pool of a handle from openDatabase (not of a transaction or a connection taken from it). */
export function poolOf(db: Db): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('poolOf: this database handle was not made by openDatabase (a transaction or a single connection has no pool)');
  return pool;
}

export interface DatabaseHandle {
  db: Db;
  pool: pg.Pool;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  max?: number;
  /**
   * PostgreSQL cancels any statement of this pool's connections that runs longer (ms; 0 or unset:
   * never). Set on each connection at its start, so no query can forget it: a request that makes
   * the database work for minutes (a pathological search) is cut off instead of holding a
   * connection and a core. Migrations and the command line open their own connections without it.
   */
  statementTimeoutMs?: number;
}

export function openDatabase(connectionString: string, options: OpenDatabaseOptions = {}): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    // Each pooled connection is a PostgreSQL backend of ~4–7 MB PSS once it has served snorq's
    // statements (its own catalogue caches, plans and compiled functions). bench/memory.ts counts
    // the busy ones: at most 3–5 at once during a burst to 1,000 agents (mean ~1), ~1.4 on average
    // while 1,000 sockets connect; ingestion commits through one flusher and the query benchmark
    // sends one request at a time. So 5, not 10: the pool used to grow to 10 while sockets
    // connected and keep them through the burst.
    max: options.max ?? 5,
    // a database that went away must not hang requests forever; /readyz reports it meanwhile
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // A client losing its connection (database restarted, network cut) must not crash the process.
  // Idle clients report it to the pool; a checked-out client emits 'error' on itself as well as
  // failing its queries, and pg-pool removes its own listener while the client is lent out: with
  // no listener left, Node throws. The queries still fail and the pool drops the broken client.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return { db, pool, close: () => db.destroy() };
}

/** Migrations are listed here, in order; their names are what the kysely_migration table records. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-outbox': outbox,
  '0003-search': search,
  '0004-canned-responses': canned,
  '0005-oauth': oauth,
  '0006-early-statuses': earlyStatuses,
  '0007-avatars': avatars,
  '0008-list-by-channel': listByChannel,
  '0009-store-messages': storeMessages,
  '0010-search-by-time': searchByTime,
  '0011-accounts-audit': accountsAudit,
  '0012-shared-media': sharedMedia,
  '0013-message-kinds': messageKinds,
  '0015-receipts-after-send': receiptsAfterSend,
  '0016-webhook-account-hint': webhookAccountHint,
  '0019-contacts': contactsMigration,
  '0020-notifications': notifications,
  '0024-reply-examples': replyExamples,
  '0026-plain-media-previews': plainMediaPreviews,
  '0018-settings': settings,
  '0025-holidays': holidays,
  '0022-outgoing-webhooks': outgoingWebhooks,
  '0021-presence': presence,
  '0029-resolved-at': resolvedAt,
  '0028-automation': automation,
  '0027-teams-routing-sla': teamsRoutingSla,
  '0035-ai-settings': aiSettings,
  '0036-team-names-any-case': teamNamesAnyCase,
  '0038-failure-evidence': failureEvidence,
  '0042-sla-refresh-index': slaRefreshIndex,
  '0045-sla-warned-at': slaWarnedAt,
  '0046-messages-time-brin': messagesTimeBrin,
  '0047-drop-messages-time-brin': dropMessagesTimeBrin,
  '0048-phrase-pairs': phrasePairs,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/**
 * Apply every pending migration, then re-apply the definitions (src/db/definitions/). Safe to run
 * from several instances at once: all of it happens under kysely's migration lock (a session
 * advisory lock, taken here on one connection and taken again, re-entrantly, by the migrator), so
 * a second instance waits and then finds nothing to migrate and the same definitions to apply.
 */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const lock = { lockTable: 'kysely_migration_lock', lockRowId: 'migration_lock' };
  return db.connection().execute(async (connection) => {
    const adapter = connection.getExecutor().adapter;
    await adapter.acquireMigrationLock(connection, lock);
    try {
      const applied = await migrate(connection);
      await connection.transaction().execute((trx) => applyDefinitions(trx));
      return applied;
    } finally {
      await adapter.releaseMigrationLock(connection, lock);
    }
  });
}

async function migrate(db: Db): Promise<string[]> {
  // Migration numbers are handed out ahead of time and may land out of order (0012 after 0013):
  // a database that already ran a later one still gets the earlier one, never an error.
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
