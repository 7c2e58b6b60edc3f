import type { Transaction } from 'kysely';
import type { Db } from './database.ts';
import type { Database } from './schema.ts';

/**
 * Run `fn` in a transaction: the caller's when `db` already is one (automation performs a rule's
 * actions inside the transaction that moves its cursor, so they happen exactly once), else a new one.
 */
export function inTransaction<T>(db: Db, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db as Transaction<Database>) : db.transaction().execute(fn);
}
