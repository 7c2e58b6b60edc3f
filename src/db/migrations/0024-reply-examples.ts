import { sql, type Kysely } from 'kysely';

/**
 * Reply suggestions learn from the team's own history: each customer message an agent answered,
 * with the first answer it got. Kept in a table of its own (filled by a trigger on `messages`,
 * src/db/definitions/reply-examples.sql) so that its indexes cover the answered questions only,
 * not every message, and cost ingestion nothing: inbound rows do not fire the trigger. Rows go
 * with their messages (erasure, retention).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table reply_examples (
      id bigint generated always as identity primary key,
      organization_id bigint not null references organizations(id) on delete cascade,
      conversation_id bigint not null references conversations(id) on delete cascade,
      question_message_id bigint not null unique references messages(id) on delete cascade,
      answer_message_id bigint not null references messages(id) on delete cascade,
      question text not null,
      answer text not null,
      answered_at timestamptz not null,
      question_vector tsvector generated always as (to_tsvector('english', question)) stored
    );
    -- the latest examples of an organisation (compared one by one), and exact word matches in all of them
    create index reply_examples_recent_idx on reply_examples (organization_id, answered_at desc);
    create index reply_examples_question_fts_idx on reply_examples using gin (question_vector);
    -- deleting a message (erasure) finds the examples it answered
    create index reply_examples_answer_idx on reply_examples (answer_message_id);
  `.execute(db);
  await backfillReplyExamples(db);
}

/**
 * The history so far: every outbound reply a person wrote (in snorq, or in the platform's own app:
 * an echo), paired with the latest customer text before it that no earlier reply answered; the
 * same pairs as the trigger records one by one (test/integration/reply-suggestions.test.ts).
 */
export const BACKFILL_REPLY_EXAMPLES = `
    insert into reply_examples (organization_id, conversation_id, question_message_id, answer_message_id, question, answer, answered_at)
    select distinct on (q.id) a.organization_id, a.conversation_id, q.id, a.id, q.content, a.content, a.platform_timestamp
      from messages a
      cross join lateral (
        select m.id, m.content from messages m
         where m.conversation_id = a.conversation_id and m.direction = 'inbound' and m.content_type = 'text'
           and m.content is not null and m.deleted_at is null
           and (m.platform_timestamp, m.id) < (a.platform_timestamp, a.id)
         order by m.platform_timestamp desc, m.id desc
         limit 1
      ) q
     where a.direction = 'outbound' and not a.is_private_note and a.content_type = 'text' and a.content is not null
       and (a.sender_user_id is not null or a.is_echo)
     order by q.id, a.platform_timestamp, a.id;
`;

export async function backfillReplyExamples(db: Kysely<unknown>): Promise<void> {
  await sql.raw(BACKFILL_REPLY_EXAMPLES).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists reply_examples`.execute(db);
}
