import { Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, type Transaction } from 'kysely';
import type pg from 'pg';
import { poolOf, type Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';

/**
 * One batch's transaction on one pooled connection, in as few round trips as its work allows.
 *
 * Through kysely every statement is a round trip of its own, BEGIN and COMMIT included: a batch of
 * messages cost five inside its transaction (BEGIN, the store function, the journal, the event
 * append, COMMIT), and with one batch in flight PostgreSQL's backend spent 38% of its busy time
 * idle in the transaction, waiting for the event loop to send the next one (bench/FINDINGS.md,
 * 3 December). Here statements go as text, several to a round trip (the simple query protocol,
 * values written in as literals by the function that builds each statement): BEGIN travels with
 * the first statement and COMMIT with the last, so a batch of messages is two round trips — the
 * store, then the journal, the append and the commit — the fewest there can be while the events
 * are built in the app from what the store returned.
 *
 * PostgreSQL stops at the first statement of a round trip that fails and skips the rest, so a
 * COMMIT sent after a failing append never runs; the transaction is then rolled back here.
 * Steps written with kysely (receipts, edits, identity changes) run in the same transaction
 * through `kysely()`.
 */
export class BatchTransaction {
  #client: pg.PoolClient;
  #begun = false;
  #done = false;
  #trx: Transaction<Database> | undefined;

  private constructor(client: pg.PoolClient) {
    this.#client = client;
  }

  /** A connection from `db`'s pool, held until commit() or abandon(). */
  static async open(db: Db): Promise<BatchTransaction> {
    return new BatchTransaction(await poolOf(db).connect());
  }

  /** Send statements (text, no parameters) in one round trip, BEGIN before them if not yet sent; one result each. */
  async send(statements: readonly string[]): Promise<pg.QueryResult[]> {
    if (this.#done) throw new Error('BatchTransaction: already committed or abandoned');
    if (statements.length === 0) return [];
    const text = this.#begun ? statements : ['begin', ...statements];
    this.#begun = true;
    const answer: pg.QueryResult | pg.QueryResult[] = await this.#client.query(text.join(';\n'));
    const results = Array.isArray(answer) ? answer : [answer];
    if (results.length !== text.length) throw new Error(`BatchTransaction: ${text.length} statements sent, ${results.length} results`);
    return results.slice(text.length - statements.length);
  }

  /**
   * The transaction as kysely, for steps written with it; its statements go one per round trip.
   * BEGIN is sent first if nothing has been yet.
   */
  async kysely(): Promise<Transaction<Database>> {
    if (this.#done) throw new Error('BatchTransaction: already committed or abandoned');
    if (!this.#begun) {
      this.#begun = true;
      await this.#client.query('begin');
    }
    this.#trx ??= await onConnection(this.#client).startTransaction().execute();
    return this.#trx;
  }

  /** The last statements and COMMIT, in one round trip; then the connection goes back to the pool. Their results, without COMMIT's. */
  async commit(statements: readonly string[]): Promise<pg.QueryResult[]> {
    const results = await this.send([...statements, 'commit']);
    // COMMIT of a transaction an earlier error aborted answers ROLLBACK, not an error.
    if (results.at(-1)?.command !== 'COMMIT') throw new Error(`BatchTransaction: the commit answered ${results.at(-1)?.command}`);
    this.#release();
    return results.slice(0, -1);
  }

  /** After a failure: roll back what was begun and give the connection back (or drop it, if it is broken). */
  async abandon(): Promise<void> {
    if (this.#done) return;
    try {
      if (this.#begun) await this.#client.query('rollback');
      this.#release();
    } catch (e) {
      this.#release(e instanceof Error ? e : new Error(String(e)));
    }
  }

  #release(err?: Error): void {
    this.#done = true;
    this.#client.release(err);
  }
}

/**
 * A kysely instance over one connection that someone else has begun a transaction on: its
 * BEGIN, COMMIT and ROLLBACK do nothing (BatchTransaction sends them), so `startTransaction()`
 * yields a real `Transaction` — what the steps' code takes — whose statements join that one.
 */
function onConnection(client: pg.PoolClient): Kysely<Database> {
  const connection: DatabaseConnection = {
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      const { command, rowCount, rows } = await client.query(query.sql, [...query.parameters]);
      const counted = command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE';
      return { rows: (rows ?? []) as R[], ...(counted && { numAffectedRows: BigInt(rowCount ?? 0) }) };
    },
    // eslint-disable-next-line require-yield
    async *streamQuery() {
      throw new Error('streaming is not supported inside a batch transaction');
    },
  };
  const driver: Driver = {
    init: async () => undefined,
    acquireConnection: async () => connection,
    beginTransaction: async () => undefined,
    commitTransaction: async () => undefined,
    rollbackTransaction: async () => undefined,
    releaseConnection: async () => undefined,
    destroy: async () => undefined,
  };
  return new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
}
