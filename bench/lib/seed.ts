import type pg from 'pg';
import { BACKFILL_REPLY_EXAMPLES } from '../../src/db/migrations/0024-reply-examples.ts';

/**
 * The query benchmark's dataset, written straight into snorq's tables with generate_series:
 * `conversations` threads (one customer each, spread over five channels, one per platform) and
 * `messages` messages over two years. Half the messages go to a "busy" tenth of the
 * threads (about 5× the average thread length), the rest evenly. Text is drawn from a
 * customer-service vocabulary; three words have known frequencies for the search benchmark:
 *
 * - COMMON_WORD in one message of 6,
 * - MEDIUM_WORD in one message of 50,
 * - RARE_WORD in one message of 20,011.
 *
 * The rows are what ingestion would have stored (same columns, generated search_vector,
 * conversation summaries filled from their messages). For speed, the messages table's secondary
 * indexes are dropped during the load and re-created from their own definitions afterwards, and
 * foreign-key triggers are skipped (the generator keeps every reference valid).
 */

export const COMMON_WORD = 'order';
export const MEDIUM_WORD = 'refund';
export const RARE_WORD = 'xylophone';
export const SEED_VERSION = 3;

const VOCABULARY = [
  'hello',
  'thanks',
  'please',
  'delivery',
  'package',
  'tracking',
  'shipping',
  'address',
  'payment',
  'invoice',
  'receipt',
  'card',
  'price',
  'discount',
  'coupon',
  'size',
  'colour',
  'black',
  'white',
  'blue',
  'red',
  'green',
  'shoes',
  'jacket',
  'dress',
  'shirt',
  'bag',
  'watch',
  'phone',
  'charger',
  'cable',
  'battery',
  'screen',
  'laptop',
  'warranty',
  'repair',
  'broken',
  'damaged',
  'missing',
  'wrong',
  'late',
  'today',
  'tomorrow',
  'monday',
  'friday',
  'weekend',
  'morning',
  'evening',
  'store',
  'shop',
  'online',
  'website',
  'account',
  'password',
  'login',
  'email',
  'number',
  'question',
  'answer',
  'help',
  'support',
  'agent',
  'manager',
  'problem',
  'issue',
  'exchange',
  'return',
  'cancel',
  'change',
  'update',
  'confirm',
  'available',
  'stock',
  'restock',
  'soon',
  'week',
  'month',
  'year',
  'gift',
  'wrap',
  'birthday',
  'present',
  'voucher',
  'balance',
  'points',
  'member',
  'subscription',
  'plan',
  'upgrade',
  'appointment',
  'booking',
  'table',
  'reservation',
  'hotel',
  'room',
  'flight',
  'ticket',
  'seat',
  'luggage',
  'courier',
  'pickup',
  'locker',
  'parcel',
  'box',
  'label',
  'photo',
  'picture',
  'video',
  'link',
  'catalogue',
  'menu',
  'pizza',
  'coffee',
  'breakfast',
  'lunch',
  'dinner',
  'vegan',
  'allergy',
  'kitchen',
  'fresh',
  'quality',
  'great',
  'perfect',
  'amazing',
  'lovely',
  'happy',
  'sorry',
  'unfortunately',
  'urgent',
  'quick',
  'slow',
  'fast',
  'minutes',
  'hours',
  'days',
  'opening',
  'closed',
  'holiday',
  'location',
  'parking',
  'city',
  'street',
  'station',
];
const FIRST = [
  'Ana',
  'Ben',
  'Chen',
  'Dara',
  'Elif',
  'Femi',
  'Greta',
  'Hugo',
  'Ines',
  'Jonas',
  'Kemal',
  'Lea',
  'Marta',
  'Noah',
  'Olga',
  'Pablo',
  'Quinn',
  'Rosa',
  'Sven',
  'Tariq',
  'Uma',
  'Vera',
  'Wei',
  'Ximena',
  'Yusuf',
  'Zoe',
];
const LAST = [
  'Silva',
  'Schmidt',
  'Wang',
  'Kaya',
  'Okafor',
  'Rossi',
  'Dubois',
  'Novak',
  'Garcia',
  'Smith',
  'Ivanova',
  'Tanaka',
  'Haddad',
  'Larsen',
  'Costa',
  'Meyer',
  'Nowak',
  'Moreau',
  'Fischer',
  'Yilmaz',
];
const PLATFORMS = ['whatsapp', 'messenger', 'instagram', 'twilio', 'tiktok'] as const;

export interface SeedSize {
  messages: number;
  conversations: number;
}

export interface SeedOutcome {
  organizationId: number;
  seconds: number;
  messages: number;
  conversations: number;
}

const sqlArray = (words: readonly string[]) => `(array[${words.map((w) => `'${w}'`).join(',')}]::text[])`;

/** What the seeding statements share: the organisation, its channels, id bases and sizes. */
interface SeedPlan {
  client: pg.Client;
  org: number;
  admin: number;
  channels: string;
  platforms: string;
  C: number;
  M: number;
  busy: number;
  step: number;
  pBase: number;
  iBase: number;
  cBase: number;
  mBase: number;
  name: string;
  time: (what: string, text: string, params?: unknown[]) => Promise<void>;
}

async function planSeed(client: pg.Client, size: SeedSize, log: (msg: string) => void): Promise<SeedPlan> {
  const { rows: orgRows } = await client.query<{ organization_id: string; user_id: string }>(
    `select c.organization_id, u.id as user_id from channels c join users u on u.organization_id = c.organization_id
      where c.platform = 'whatsapp' order by u.id limit 1`,
  );
  const org = Number(orgRows[0]!.organization_id);
  const admin = Number(orgRows[0]!.user_id);

  // one channel per platform (the WhatsApp one came from the environment)
  for (const p of PLATFORMS.slice(1)) {
    await client.query(
      `insert into channels (organization_id, platform, external_account_id, display_name, source)
       values ($1, $2, $3, $4, 'api') on conflict (platform, external_account_id) do nothing`,
      [org, p, `bench-${p}`, `Bench ${p}`],
    );
  }
  const { rows: chRows } = await client.query<{ id: string }>(`select id from channels where organization_id = $1 and platform = any($2::text[]) order by array_position($2::text[], platform)`, [
    org,
    PLATFORMS,
  ]);
  const channelIds = chRows.map((r) => Number(r.id));
  const channels = `array[${channelIds.join(',')}]::bigint[]`;
  const platforms = sqlArray(PLATFORMS);

  await client.query(`set maintenance_work_mem = '512MB'`);
  await client.query(`set work_mem = '256MB'`); // the summaries' sort over every message
  // Fewer checkpoints while tens of GB are written (1 GB of WAL is the default between two); the
  // cluster's own setting again once seeded (seedDataset). ALTER SYSTEM needs no transaction open.
  await client.query(`alter system set max_wal_size = '16GB'`);
  await client.query(`alter system set checkpoint_timeout = '30min'`);
  await client.query(`select pg_reload_conf()`);
  await client.query(`set session_replication_role = replica`); // no FK triggers during the load
  const base = async (table: string) => Number((await client.query<{ b: string }>(`select coalesce(max(id), 0) as b from ${table}`)).rows[0]!.b);
  const C = size.conversations;
  const M = size.messages;
  const busy = Math.max(1, Math.floor(C / 10));
  const step = (2 * 365 * 24 * 3600) / M; // seconds between messages: two years of history

  const time = async (what: string, text: string, params: unknown[] = []) => {
    const t = Date.now();
    await client.query(text, params);
    log(`  seed: ${what} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  };

  const pBase = await base('contacts');
  const iBase = await base('contact_identities');
  const cBase = await base('conversations');
  const mBase = await base('messages');
  const name = `${sqlArray(FIRST)}[1 + k % ${FIRST.length}] || ' ' || ${sqlArray(LAST)}[1 + (k / ${FIRST.length}) % ${LAST.length}]`;

  return { client, org, admin, channels, platforms, C, M, busy, step, pBase, iBase, cBase, mBase, name, time };
}

/** Contacts, their identities and one conversation each. */
async function seedPeople(plan: SeedPlan): Promise<void> {
  const { client, org, admin, channels, platforms, C, pBase, iBase, cBase, name, time } = plan;
  await client.query('begin');
  await time(
    `${C} contacts`,
    `insert into contacts (id, organization_id, display_name, phone)
     overriding system value
     select ${pBase} + k + 1, $1, ${name}, '+4915' || lpad(k::text, 9, '0')
     from generate_series(0, ${C - 1}) k`,
    [org],
  );
  await time(
    `${C} contact identities`,
    `insert into contact_identities (id, organization_id, contact_id, channel_id, platform, platform_user_id, display_name, phone, profile_fetched_at)
     overriding system value
     select ${iBase} + k + 1, $1, ${pBase} + k + 1, (${channels})[1 + k % 5], (${platforms})[1 + k % 5],
            'seed-' || k, ${name}, '+4915' || lpad(k::text, 9, '0'), now()
     from generate_series(0, ${C - 1}) k`,
    [org],
  );
  await time(
    `${C} conversations`,
    `insert into conversations (id, organization_id, channel_id, contact_identity_id, contact_id, status, snoozed_until, assignee_id, labels, created_at)
     overriding system value
     select ${cBase} + k + 1, $1, (${channels})[1 + k % 5], ${iBase} + k + 1, ${pBase} + k + 1,
            case when k % 20 < 6 then 'open' when k % 20 < 8 then 'pending' when k % 20 = 8 then 'snoozed' else 'resolved' end,
            case when k % 20 = 8 then now() + interval '3 days' end,
            case when k % 10 < 3 then $2::bigint end,
            case when k % 20 = 0 then '{vip}'::text[] when k % 7 = 0 then '{billing}'::text[] else '{}'::text[] end,
            now() - interval '2 years'
     from generate_series(0, ${C - 1}) k`,
    [org, admin],
  );
}

/** The messages, loaded with the indexes dropped and rebuilt after (much faster than maintaining them row by row). */
async function seedMessages(plan: SeedPlan): Promise<void> {
  const { client, C, M, busy, time } = plan;
  const { rows: idx } = await client.query<{ indexname: string; indexdef: string }>(
    `select indexname, indexdef from pg_indexes where schemaname = 'public' and tablename = 'messages' and indexname <> 'messages_pkey'`,
  );
  for (const i of idx) await client.query(`drop index ${i.indexname}`);
  // message g belongs to conversation k(g): even g to the busy tenth, odd g spread over all
  const conv = `(case when g % 2 = 0 then (g / 2) % ${busy} else ((g / 2) * 7919) % ${C} end)`;
  // in slices of at most a million, so that a 10 M load reports its progress
  for (let from = 0; from < M; from += SLICE) await seedMessageSlice(plan, conv, from, Math.min(M, from + SLICE) - 1);
  for (const i of idx) await time(`index ${i.indexname}`, i.indexdef);
}

const SLICE = 1_000_000;

async function seedMessageSlice(plan: SeedPlan, conv: string, first: number, last: number): Promise<void> {
  const { org, admin, channels, M, step, cBase, mBase, time } = plan;
  await time(
    `messages ${first}–${last} of ${M}`,
    `insert into messages (id, organization_id, conversation_id, channel_id, direction, content, content_type, status,
                           external_id, raw, platform_timestamp, sender_user_id, created_at, updated_at)
     overriding system value
     select ${mBase} + g + 1, $1, ${cBase} + k + 1, (${channels})[1 + k % 5],
            case when g % 3 = 0 then 'outbound' else 'inbound' end,
            body, 'text', case when g % 3 = 0 then 'read' else 'delivered' end,
            'seed.' || g,
            case when g % 3 <> 0 then jsonb_build_object('from', '+4915' || lpad(k::text, 9, '0'), 'id', 'seed.' || g, 'type', 'text', 'text', jsonb_build_object('body', body)) end,
            at, case when g % 3 = 0 then $2::bigint end, at, at
     from (
       select g, ${conv} as k, now() - make_interval(secs => (${M} - g) * ${step}) as at,
              concat_ws(' ',
                case when g % 6 = 0 then '${COMMON_WORD}' end,
                array_to_string(array(select (${sqlArray(VOCABULARY)})[1 + floor(random() * ${VOCABULARY.length})::int] from generate_series(1, 4 + g % 9)), ' '),
                case when g % 50 = 0 then '${MEDIUM_WORD}' end,
                case when g % 20011 = 7 then '${RARE_WORD}' end,
                case when g % 10 = 1 then '#A' || (100000 + g) end) as body
       from generate_series(${first}::bigint, ${last}) g
     ) s`,
    [org, admin],
  );
}

/** Each conversation's preview, clocks and unread count, as ingestion would have left them. */
async function summariseConversations(plan: SeedPlan): Promise<void> {
  const { org, mBase, time } = plan;
  await time(
    'conversation summaries',
    `update conversations c set
       last_message_id = m.id, last_message_at = m.platform_timestamp,
       last_message_preview = left(m.content, 140), last_inbound_at = m.last_in,
       unread_count = case when c.status = 'open' and c.id % 3 = 0 then 1 + c.id % 4 else 0 end,
       waiting_since = case when c.status = 'open' and c.id % 3 = 0 then m.last_in end,
       updated_at = m.platform_timestamp
     from (
       select distinct on (conversation_id) conversation_id, id, platform_timestamp, content,
              max(platform_timestamp) filter (where direction = 'inbound') over (partition by conversation_id) as last_in
       from messages where organization_id = $1 and id > ${mBase}
       order by conversation_id, platform_timestamp desc, id desc
     ) m
     where c.id = m.conversation_id`,
    [org],
  );
}

export async function seedDataset(client: pg.Client, size: SeedSize, log: (msg: string) => void): Promise<SeedOutcome> {
  const started = Date.now();
  const plan = await planSeed(client, size, log);
  const { org, M, C, time } = plan;
  await seedPeople(plan);
  await seedMessages(plan);
  await summariseConversations(plan);
  // The seed inserts with triggers off (session_replication_role): the answered questions that
  // reply suggestions read are recorded as migration 0024 records an existing history.
  await time('reply examples', BACKFILL_REPLY_EXAMPLES);
  for (const t of ['contacts', 'contact_identities', 'conversations', 'messages']) {
    await client.query(`select setval(pg_get_serial_sequence('${t}', 'id'), (select max(id) from ${t}))`);
  }
  await client.query('commit');
  await client.query(`set session_replication_role = origin`);
  await client.query(`alter system reset max_wal_size`);
  await client.query(`alter system reset checkpoint_timeout`);
  await client.query(`select pg_reload_conf()`);
  // what autovacuum would have done by now: statistics and the visibility map
  await time('vacuum analyze', 'vacuum (analyze) contacts, contact_identities, conversations, messages');
  return { organizationId: org, seconds: (Date.now() - started) / 1000, messages: M, conversations: C };
}
