import { readFileSync } from 'node:fs';
import { sql, type QueryExecutorProvider } from 'kysely';
import { channelPlatformsCheck } from './channel-platforms.ts';

/**
 * A database object whose source is kept as code and applied again at every start, after the
 * migrations (functions, check constraints derived from code). A migration runs once and its
 * text stays as it ran; a definition is re-run each time, so the newest text wins and a change is
 * an edit of one file, reviewed as code. Its SQL must be idempotent: CREATE OR REPLACE, or DROP …
 * IF EXISTS then CREATE/ADD. It runs inside the migrator's lock, in one transaction with the
 * other definitions, so two instances starting together apply them one after the other.
 */
export interface Definition {
  /** Named in the error when applying it fails. */
  name: string;
  /** The statements (several allowed), read when applied. */
  sql(): string;
}

/** A definition kept in a `.sql` file next to this one (read from the sources, also by the built server). */
function sqlFile(file: string): Definition {
  return { name: file, sql: () => readFileSync(new URL(`./${file}`, import.meta.url), 'utf8') };
}

/** In the order they are applied: a definition may use the objects of those before it. */
export const DEFINITIONS: Definition[] = [sqlFile('store-messages.sql'), sqlFile('append-events.sql'), channelPlatformsCheck(), sqlFile('reply-examples.sql')];

/** Apply every definition, in order; the caller holds the migration lock and a transaction. */
export async function applyDefinitions(db: QueryExecutorProvider, definitions: readonly Definition[] = DEFINITIONS): Promise<void> {
  for (const d of definitions) {
    try {
      await sql.raw(d.sql()).execute(db);
    } catch (e) {
      throw new Error(`database definition ${d.name} failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }
}
