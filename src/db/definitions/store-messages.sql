-- Storing an incoming message, as functions inside PostgreSQL (why: docs/adr/0005, and the
-- comment of migration 0009, which first created them). This file is their source: the migrator
-- runs it again at every start, after the migrations (src/db/definitions/apply-definitions.ts),
-- so a change is an edit here. CREATE OR REPLACE keeps it idempotent; a change of a function's
-- arguments or result type needs a DROP FUNCTION IF EXISTS of the old signature above it.
--
-- snorq_store_messages reads its items' JSON by field name: test/integration/store-messages-round-trip.test.ts
-- stores an event with a distinctive value in every field read here and reads each one back.

-- The advisory lock over one platform message id of a channel. A reply sent in parts records its
-- part ids (record-send-outcome.ts) and the platform's echo of a part is stored here; both take this
-- lock first, so whichever commits second sees the other: the echo finds the part's alias and is
-- skipped, or the send finds the echo and removes it. Without it, an echo of the first part that
-- arrives while the second part is being sent is stored as a message of its own.
create or replace function snorq_external_id_lock(p_channel_id bigint, p_external_id text)
returns bigint
language sql immutable as $fn$
  select hashtextextended(p_channel_id::text || ':' || p_external_id, 0)
$fn$;

-- The customer's identity on a channel, created on first contact (with its contact), its
-- profile fields updated when the platform sends new ones. p_contact is a ContactRef
-- ({ platformUserId, username?, displayName?, avatarUrl?, phone? }); absent keys change nothing.
create or replace function snorq_upsert_identity(p_channel_id bigint, p_organization_id bigint, p_platform text, p_contact jsonb)
returns contact_identities
language plpgsql as $fn$
declare
  ident contact_identities;
  new_contact_id bigint;
begin
  select * into ident from contact_identities
   where channel_id = p_channel_id and platform_user_id = p_contact->>'platformUserId';
  if found then
    if (p_contact ? 'username' and ident.username is distinct from p_contact->>'username')
       or (p_contact ? 'displayName' and ident.display_name is distinct from p_contact->>'displayName')
       or (p_contact ? 'avatarUrl' and ident.avatar_url is distinct from p_contact->>'avatarUrl')
       or (p_contact ? 'phone' and ident.phone is distinct from p_contact->>'phone') then
      update contact_identities set
        username = case when p_contact ? 'username' then p_contact->>'username' else username end,
        display_name = case when p_contact ? 'displayName' then p_contact->>'displayName' else display_name end,
        avatar_url = case when p_contact ? 'avatarUrl' then p_contact->>'avatarUrl' else avatar_url end,
        phone = case when p_contact ? 'phone' then p_contact->>'phone' else phone end,
        updated_at = now()
      where id = ident.id
      returning * into ident;
      -- the person keeps a name, avatar and phone from the identity when the contact lacks them
      update contacts set
        display_name = coalesce(ident.display_name, ident.username, display_name),
        avatar_url = coalesce(ident.avatar_url, avatar_url),
        phone = coalesce(phone, ident.phone),
        updated_at = now()
      where id = ident.contact_id;
    end if;
    return ident;
  end if;

  insert into contacts (organization_id, display_name, avatar_url, phone)
  values (p_organization_id, coalesce(p_contact->>'displayName', p_contact->>'username'), p_contact->>'avatarUrl', p_contact->>'phone')
  returning id into new_contact_id;
  insert into contact_identities (organization_id, contact_id, channel_id, platform, platform_user_id, username, display_name, avatar_url, phone)
  values (p_organization_id, new_contact_id, p_channel_id, p_platform, p_contact->>'platformUserId',
          p_contact->>'username', p_contact->>'displayName', p_contact->>'avatarUrl', p_contact->>'phone')
  on conflict (channel_id, platform_user_id) do nothing
  returning * into ident;
  if found then
    return ident;
  end if;
  -- Another transaction created it first (we waited for its commit): drop our contact, use theirs.
  delete from contacts where id = new_contact_id;
  select * into strict ident from contact_identities
   where channel_id = p_channel_id and platform_user_id = p_contact->>'platformUserId';
  return ident;
end
$fn$;

-- Keep a thread's summary current after one of its messages was stored. Order follows platform
-- timestamps: a late-arriving older message never replaces the preview of a newer one. A
-- customer's message counts as unread, starts the "waiting" clock and reopens a resolved or
-- snoozed thread; a business message (echo or reply) stops the clock. The preview is the app's
-- (src/core/conversations/message-preview.ts), so the list and the API word it the same way.
--
-- One UPDATE, which takes the row's NO KEY UPDATE lock itself (the message just inserted holds
-- KEY SHARE on this row through its foreign key, as may another transaction's message; FOR UPDATE
-- would conflict with theirs while they wait for ours — a deadlock, seen: a reply and a webhook at
-- once). Its CASEs read the row it locked: under READ COMMITTED an UPDATE that waited for another
-- transaction evaluates them again on the row that transaction committed. A SELECT … FOR NO KEY
-- UPDATE before it and a re-read of the message cost two more statements per stored message
-- (bench/FINDINGS.md).
create or replace function snorq_touch_conversation_at(p_conversation_id bigint, p_message_id bigint, p_direction text, p_at timestamptz, p_preview text)
returns conversations
language plpgsql as $fn$
declare
  c conversations;
begin
  if p_direction = 'inbound' then
    update conversations set
      last_message_at = case when last_message_at is null or p_at >= last_message_at then p_at else last_message_at end,
      last_message_id = case when last_message_at is null or p_at >= last_message_at then p_message_id else last_message_id end,
      last_message_preview = case when last_message_at is null or p_at >= last_message_at then p_preview else last_message_preview end,
      unread_count = unread_count + 1,
      last_inbound_at = greatest(last_inbound_at, p_at),
      -- a late-arriving message the business already answered does not make the customer wait
      waiting_since = case when last_outbound_at >= p_at then waiting_since else coalesce(waiting_since, p_at) end,
      snoozed_until = case when status in ('open', 'pending') then snoozed_until end,
      status = case when status in ('open', 'pending') then status else 'open' end,
      updated_at = now()
    where id = p_conversation_id
    returning * into strict c;
  else
    update conversations set
      last_message_at = case when last_message_at is null or p_at >= last_message_at then p_at else last_message_at end,
      last_message_id = case when last_message_at is null or p_at >= last_message_at then p_message_id else last_message_id end,
      last_message_preview = case when last_message_at is null or p_at >= last_message_at then p_preview else last_message_preview end,
      last_outbound_at = greatest(last_outbound_at, p_at),
      waiting_since = case when waiting_since <= p_at then null else waiting_since end,
      updated_at = now()
    where id = p_conversation_id
    returning * into strict c;
  end if;
  return c;
end
$fn$;

-- snorq_touch_conversation_at for a message the caller has stored but not kept at hand (a reply snorq sends).
create or replace function snorq_touch_conversation(p_conversation_id bigint, p_message_id bigint, p_preview text)
returns conversations
language plpgsql as $fn$
declare
  m messages;
begin
  select * into strict m from messages where id = p_message_id;
  return snorq_touch_conversation_at(p_conversation_id, m.id, m.direction, m.platform_timestamp, p_preview);
end
$fn$;

-- Store normalised messages, in array order. Each item:
--   { channel_id, organization_id, platform, contact (ContactRef), direction, content, content_type,
--     media, metadata, status, external_id, reply_to_external_id?, referral?, raw?, platform_timestamp,
--     preview }
-- One row per message stored: its index in the array, the message (without raw and the search
-- vector) and its thread after the message, as JSON. Items already stored — a redelivered webhook,
-- the echo of a reply snorq itself sent — return no row.
create or replace function snorq_store_messages(p_items jsonb)
returns table (item_index integer, message_row jsonb, conversation_row jsonb)
language plpgsql as $fn$
declare
  item jsonb;
  v_channel_id bigint;
  v_contact jsonb;
  ident contact_identities;
  conv conversations;
  msg messages;
  reply_to_id bigint;
begin
  for i in 0 .. jsonb_array_length(p_items) - 1 loop
    item := p_items->i;
    v_channel_id := (item->>'channel_id')::bigint;
    -- The echo of one part of a multi-part reply snorq sent: already stored as that reply.
    if item->>'direction' = 'outbound' then
      perform pg_advisory_xact_lock(snorq_external_id_lock(v_channel_id, item->>'external_id'));
      if exists (select 1 from message_aliases a where a.channel_id = v_channel_id and a.external_id = item->>'external_id') then
        continue;
      end if;
    end if;
    -- A customer snorq knows, who sent nothing new about themselves (most messages): one lookup
    -- here instead of snorq_upsert_identity's call, which looks again and creates or updates.
    v_contact := item->'contact';
    select * into ident from contact_identities i where i.channel_id = v_channel_id and i.platform_user_id = v_contact->>'platformUserId';
    if not found
       or (v_contact ? 'username' and ident.username is distinct from v_contact->>'username')
       or (v_contact ? 'displayName' and ident.display_name is distinct from v_contact->>'displayName')
       or (v_contact ? 'avatarUrl' and ident.avatar_url is distinct from v_contact->>'avatarUrl')
       or (v_contact ? 'phone' and ident.phone is distinct from v_contact->>'phone') then
      ident := snorq_upsert_identity(v_channel_id, (item->>'organization_id')::bigint, item->>'platform', v_contact);
    end if;
    -- the thread, created on first contact (the unique key settles a race of first messages);
    -- snorq_touch_conversation_at locks it for the summary update
    select * into conv from conversations c where c.channel_id = v_channel_id and c.contact_identity_id = ident.id;
    if not found then
      insert into conversations (organization_id, channel_id, contact_identity_id, contact_id)
      values (ident.organization_id, v_channel_id, ident.id, ident.contact_id)
      on conflict (channel_id, contact_identity_id) do nothing
      returning * into conv;
      if not found then
        select * into strict conv from conversations c where c.channel_id = v_channel_id and c.contact_identity_id = ident.id;
      end if;
    end if;

    reply_to_id := null;
    if item->>'reply_to_external_id' is not null then
      for look in 1 .. 2 loop
        select m.id into reply_to_id from messages m where m.channel_id = v_channel_id and m.external_id = item->>'reply_to_external_id';
        if reply_to_id is null then
          select a.message_id into reply_to_id from message_aliases a where a.channel_id = v_channel_id and a.external_id = item->>'reply_to_external_id';
        end if;
        exit when reply_to_id is not null or look = 2;
        -- Not found: it may be a reply of snorq's whose send is being recorded right now (the
        -- customer answered before the platform's answer to snorq was stored). Its lock is awaited
        -- (recordSendSuccess holds it until it commits; a part's alias is written there too) and
        -- it is looked for again; a send recorded after this commits links this message itself
        -- (record-send-outcome.ts).
        perform pg_advisory_xact_lock(snorq_external_id_lock(v_channel_id, item->>'reply_to_external_id'));
      end loop;
    end if;

    insert into messages (organization_id, conversation_id, channel_id, direction, content, content_type, media, metadata,
                          status, external_id, reply_to_external_id, reply_to_message_id, referral, raw, platform_timestamp, is_echo)
    values (ident.organization_id, conv.id, v_channel_id, item->>'direction', item->>'content', item->>'content_type',
            item->'media', item->'metadata', item->>'status', item->>'external_id', item->>'reply_to_external_id', reply_to_id,
            item->'referral', item->'raw', (item->>'platform_timestamp')::timestamptz, item->>'direction' = 'outbound')
    on conflict (channel_id, external_id) do nothing
    returning * into msg;
    if not found then
      continue;
    end if;

    conv := snorq_touch_conversation_at(conv.id, msg.id, msg.direction, msg.platform_timestamp, item->>'preview');
    item_index := i;
    message_row := to_jsonb(msg) - 'raw' - 'search_vector';
    conversation_row := to_jsonb(conv);
    return next;
  end loop;
end
$fn$;
  
