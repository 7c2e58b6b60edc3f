-- Appending to an organisation's event log (src/core/events/event-log.ts says why it is ordered
-- by the counter row's lock). One function, so that the app's single appends and a batch's
-- append sent in one round trip with its other statements (src/core/ingest/batch-transaction.ts)
-- run the same SQL; and an error of its own, so that a batch's COMMIT in the same round trip is
-- never reached when the organisation is gone.
--
-- p_events is a JSON array of { type, payload }, in the order they happened. Returns the
-- sequence number of the last one; nothing is appended for an empty array.
create or replace function snorq_append_events(p_organization_id bigint, p_events jsonb)
returns bigint
language plpgsql as $fn$
declare
  n integer := jsonb_array_length(p_events);
  last_seq bigint;
begin
  if n = 0 then
    return null;
  end if;
  -- Bump the counter first: its row lock, held until commit, makes sequence order commit order.
  update organizations set event_seq = event_seq + n where id = p_organization_id returning event_seq into last_seq;
  if not found then
    raise exception 'no organisation %', p_organization_id;
  end if;
  insert into events (organization_id, seq, type, payload)
  select p_organization_id, last_seq - n + e.ord, e.item->>'type', e.item->'payload'
    from jsonb_array_elements(p_events) with ordinality as e(item, ord);
  perform pg_notify('snorq_events', p_organization_id || ':' || last_seq);
  return last_seq;
end
$fn$;
