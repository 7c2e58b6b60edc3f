import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

let counter = 0;

/**
 * Run `fn` under a savepoint of the caller's transaction: if it fails, what it wrote is undone and
 * the transaction goes on (a failed statement would otherwise abort it), so one action that cannot
 * be done (an agent disabled since the rule was saved) never undoes the others or stops the cursor.
 */
export async function withSavepoint<T>(trx: Transaction<Database>, fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  const name = sql.raw(`automation_${++counter}`);
  await sql`savepoint ${name}`.execute(trx);
  try {
    const value = await fn();
    await sql`release savepoint ${name}`.execute(trx);
    return { ok: true, value };
  } catch (error) {
    await sql`rollback to savepoint ${name}`.execute(trx);
    return { ok: false, error };
  }
}
