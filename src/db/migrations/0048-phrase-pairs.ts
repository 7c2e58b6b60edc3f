import { sql, type Kysely } from 'kysely';

/**
 * A phrase search (`"damaged package"`) needs its words next to each other, and the GIN index of
 * `search_vector` knows only which words a message holds, not where: every message with all the
 * phrase's words was read in the heap to check their order ("damaged package" at 10 M messages:
 * 28.6 k messages hold both words, 3.4 k the phrase). This index holds each message's
 * adjacent word pairs as lexemes of their own ('damag packag'), so a phrase becomes exact entries
 * whose candidates are only the messages with those words side by side (src/core/search).
 *
 * The pairs come from the stored vector's positions, the same positions a phrase (`<->`) is
 * checked against, so a message matching a phrase always holds its pairs: the index can only
 * narrow the candidates, never lose a match. Every lexeme at a position pairs with every lexeme
 * at the next one (positions repeat past 16,383 words, where PostgreSQL stops counting).
 *
 * PL/pgSQL, not SQL, for what storing a message costs: the store function inserts one message a
 * statement, and a SQL function in an index expression is parsed and planned again for each
 * statement, where PL/pgSQL keeps its plan for the session — 20 k messages inserted one
 * statement each, backend CPU per message: +75 µs with the SQL function, +40 µs with this one
 * (bench/FINDINGS.md). It reads only built-in functions (maintenance runs it with a restricted
 * search_path).
 *
 * The function is part of the index's definition: changing what it returns needs a new function
 * and a new index (an index keeps the pairs it was built with); the `create or replace` below
 * only ever restates this body.
 *
 * A plain `create index` (the migrator runs in one transaction, which `concurrently` cannot):
 * it holds a SHARE lock on `messages` while it builds, so stores wait that long on a populated
 * database — 2 minutes at 1 M messages, 20 at 10 M on a busy 2-core machine (bench/FINDINGS.md,
 * "Search at 10 M, 3 December, evening"). So the function is `create or replace` (the same body)
 * and the index `if not exists`: an operator of a large database creates both beforehand, the
 * index `concurrently` (docs/SCALING.md), and the migration then finds them and only records itself.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function snorq_word_pairs(v tsvector) returns tsvector language plpgsql immutable strict parallel safe as $$
    begin
      return (select coalesce(array_to_tsvector(array_agg(distinct a.lexeme || ' ' || b.lexeme)), ''::tsvector)
                from (select lexeme, unnest(positions) as p from unnest(v)) a
                join (select lexeme, unnest(positions) as p from unnest(v)) b on b.p = a.p + 1);
    end $$`.execute(db);
  await sql`create index if not exists messages_phrase_idx on messages using gin (snorq_word_pairs(search_vector))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists messages_phrase_idx`.execute(db);
  await sql`drop function if exists snorq_word_pairs(tsvector)`.execute(db);
}
