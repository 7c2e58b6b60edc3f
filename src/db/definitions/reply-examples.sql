-- Keeps reply_examples (migration 0024) filled as replies are written: an outbound text a person
-- wrote (an agent in snorq, or someone in the platform's own app: an echo) answers the latest
-- customer text before it, unless an earlier reply already answered that one (the first answer is
-- the example). Automatic messages (no sender, not an echo) and private notes teach nothing.
-- The WHEN clause keeps inbound inserts (the ingestion path) from calling the function at all.
create or replace function snorq_record_reply_example() returns trigger
language plpgsql as $$
declare
  question record;
begin
  select m.id, m.content into question
    from messages m
   where m.conversation_id = new.conversation_id and m.direction = 'inbound' and m.content_type = 'text'
     and m.content is not null and m.deleted_at is null
     and (m.platform_timestamp, m.id) < (new.platform_timestamp, new.id)
   order by m.platform_timestamp desc, m.id desc
   limit 1;
  if found then
    insert into reply_examples (organization_id, conversation_id, question_message_id, answer_message_id, question, answer, answered_at)
    values (new.organization_id, new.conversation_id, question.id, new.id, question.content, new.content, new.platform_timestamp)
    on conflict (question_message_id) do nothing;
  end if;
  return null;
end
$$;

create or replace trigger messages_record_reply_example
  after insert on messages
  for each row
  when (new.direction = 'outbound' and not new.is_private_note and new.content_type = 'text' and new.content is not null
        and (new.sender_user_id is not null or new.is_echo))
  execute function snorq_record_reply_example();
