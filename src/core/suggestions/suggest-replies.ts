import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/**
 * Reply suggestions that need no model and no network: how the team answered similar customer
 * messages before (reply_examples, migration 0024), plus the canned responses that match. Nothing
 * here sends anything: the agent picks a suggestion into the composer and edits it.
 */
export interface ReplySuggestion {
  text: string;
  source: 'history' | 'canned';
  /** Relative weight among the suggestions of one answer (higher first); not comparable across calls. */
  score: number;
  /** How many times the team gave this answer to a similar question (history only). */
  uses: number;
  /** When it was last given (history only). */
  lastUsedAt: string | null;
  /** The canned response's shortcut (canned only). */
  shortcut: string | null;
}

export interface SuggestionsResult {
  /** The customer's words the suggestions answer (their latest text messages), or null when there are none. */
  question: string | null;
  suggestions: ReplySuggestion[];
}

const HISTORY_LIMIT = 3;
const CANNED_LIMIT = 2;
/** The customer's last few messages, as one question, cut to keep the trigram comparison cheap. */
const QUESTION_MESSAGES = 3;
const QUESTION_CHARS = 200;
/** An answer given a year ago counts a quarter as much as one given today. */
const HALF_LIFE_DAYS = 180;
/** The trigram similarity (pg_trgm) from which a question counts as close (pg_trgm's own default for `%` is 0.3). */
const SIMILARITY_THRESHOLD = 0.25;
/** Closeness added when every word of the customer's question is in the past one. */
const ALL_WORDS_BONUS = 0.25;
/** How many of the latest answered questions are compared one by one (bounded cost), and how many close ones are weighed. */
const RECENT_EXAMPLES = 2000;
const CANDIDATES = 200;
const CANNED_MIN_SCORE = 0.2;

export async function suggestReplies(db: Db, organizationId: number, conversationId: number): Promise<SuggestionsResult> {
  const question = await customerQuestion(db, organizationId, conversationId);
  if (!question) return { question: null, suggestions: [] };
  const [history, canned] = await Promise.all([pastAnswers(db, organizationId, conversationId, question), matchingCanned(db, organizationId, question)]);
  return { question, suggestions: [...history, ...canned] };
}

/** The customer's text messages since the team last answered (at most three), oldest first; else their latest text. */
async function customerQuestion(db: Db, organizationId: number, conversationId: number): Promise<string | null> {
  const { rows } = await sql<{ content: string }>`
    with last_answer as (
      select platform_timestamp as at, id from messages
       where conversation_id = ${conversationId} and organization_id = ${organizationId} and direction = 'outbound' and not is_private_note
       order by platform_timestamp desc, id desc limit 1
    ), latest as (
      select m.content, m.platform_timestamp, m.id,
             not exists (select 1 from last_answer a where (a.at, a.id) > (m.platform_timestamp, m.id)) as unanswered
        from messages m
       where m.conversation_id = ${conversationId} and m.organization_id = ${organizationId} and m.direction = 'inbound'
         and m.content_type = 'text' and m.content is not null and m.deleted_at is null
       order by m.platform_timestamp desc, m.id desc limit ${QUESTION_MESSAGES}
    )
    select content from latest
     where unanswered
        or (not exists (select 1 from latest where unanswered) and id = (select id from latest order by platform_timestamp desc, id desc limit 1))
     order by platform_timestamp, id`.execute(db);
  const text = rows
    .map((r) => r.content)
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text ? text.slice(-QUESTION_CHARS) : null;
}

/**
 * Answers to similar questions, grouped by answer: each use adds its closeness (trigram
 * similarity, plus a bonus when every word of the question matches by full-text search),
 * discounted by age, so an answer often given recently comes first. The candidates are the
 * organisation's latest RECENT_EXAMPLES answered questions, compared one by one, and any older one
 * that matches every word (the full-text index): the cost stays bounded however long the history
 * (bench: reply suggestions at 1 M messages). The conversation's own answers are left out.
 */
async function pastAnswers(db: Db, organizationId: number, conversationId: number, question: string): Promise<ReplySuggestion[]> {
  const { rows } = await sql<{ text: string; score: number; uses: string; last_used_at: Date }>`
    with recent as (
      select id, answer, answered_at, similarity(question, ${question}) as sim
        from (select id, answer, answered_at, question from reply_examples
               where organization_id = ${organizationId} and conversation_id <> ${conversationId}
               order by answered_at desc limit ${RECENT_EXAMPLES}) latest
    ), all_words as (
      select id, answer, answered_at, similarity(question, ${question}) as sim
        from reply_examples
       where organization_id = ${organizationId} and conversation_id <> ${conversationId}
         and question_vector @@ plainto_tsquery('english', ${question})
       order by answered_at desc limit ${CANDIDATES}
    ), close_questions as (
      select answer, answered_at, sim + ${ALL_WORDS_BONUS} as closeness from all_words
      union all
      select answer, answered_at, sim from recent r
       where r.sim >= ${SIMILARITY_THRESHOLD} and not exists (select 1 from all_words w where w.id = r.id)
    )
    select min(answer) as text, count(*) as uses, max(answered_at) as last_used_at,
           sum(closeness * power(0.5, extract(epoch from (now() - answered_at)) / 86400 / ${HALF_LIFE_DAYS})) as score
      from (select * from close_questions order by closeness desc limit ${CANDIDATES}) best
     group by lower(regexp_replace(trim(answer), '\\s+', ' ', 'g'))
     order by score desc
     limit ${HISTORY_LIMIT}`.execute(db);
  return rows.map((r) => ({ text: r.text, source: 'history' as const, score: Number(r.score), uses: Number(r.uses), lastUsedAt: r.last_used_at.toISOString(), shortcut: null }));
}

/** Canned responses whose text or shortcut resembles the question (an organisation has few: no index needed). */
async function matchingCanned(db: Db, organizationId: number, question: string): Promise<ReplySuggestion[]> {
  const { rows } = await sql<{ shortcut: string; content: string; score: number }>`
    select shortcut, content, greatest(word_similarity(${question}, content), word_similarity(replace(shortcut, '-', ' '), ${question})) as score
      from canned_responses
     where organization_id = ${organizationId}
     order by score desc, shortcut
     limit ${CANNED_LIMIT}`.execute(db);
  return rows.filter((r) => Number(r.score) >= CANNED_MIN_SCORE).map((r) => ({ text: r.content, source: 'canned' as const, score: Number(r.score), uses: 0, lastUsedAt: null, shortcut: r.shortcut }));
}
