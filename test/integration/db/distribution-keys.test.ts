import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../helpers/test-database.ts';

/**
 * Sharding by organisation (docs/SCALING.md, step 3) needs every table keyed by
 * `organization_id`, and every unique key prefixed by it, except where a lookup happens before
 * the organisation is known. This is the inventory of what is not there yet, read from a migrated
 * database: a new table or unique key that is not keyed by organisation fails here until it is
 * keyed, or written below with what distributing it will take — and docs/SCALING.md names every
 * table, so the plan stays the schema's.
 */

/** Tables without an `organization_id` column, and what each becomes when distributed. */
const TABLES_WITHOUT_ORGANIZATION: Record<string, string> = {
  organizations: 'the distribution root (its id is the organisation)',
  kysely_migration: "the migrator's own record: on the coordinator",
  kysely_migration_lock: "the migrator's lock: on the coordinator",
  oauth_nonces: 'an OAuth round trip before it is tied to a channel: on the coordinator',
  sign_in_failures: 'counted per e-mail before the organisation is known: on the coordinator',
  push_vapid_keys: 'one key pair for the deployment: a reference table',
  early_statuses: 'a receipt that overtook its send, keyed by channel: add organization_id',
  message_aliases: 'another id of a message, keyed by channel: add organization_id',
  media_chunks: "a stored file's pieces, keyed by storage key: add organization_id",
};

/**
 * Unique keys (besides the `(id)` primary keys, which all become `(organization_id, id)`) that do
 * not begin with `organization_id`: table → the key's columns → why, or what it becomes.
 */
const UNIQUE_KEYS_WITHOUT_ORGANIZATION: Record<string, string> = {
  'auth_tokens (token_hash)': 'an API token is looked up before its organisation is known: a routing table token_hash → organisation',
  'users (lower(email))': 'sign-in finds the user by e-mail before the organisation: a routing table e-mail → organisation',
  'channels (platform, external_account_id)': 'one platform account belongs to one organisation, everywhere: a reference table that webhooks route by',
  'push_subscriptions (endpoint)': "a browser's push endpoint is one subscription whoever signs in: a routing table endpoint → organisation",
  'presence_connections (instance_id, socket_id)': "an instance's sockets: prefix with organization_id",
  'contact_identities (channel_id, platform_user_id)': 'prefix with organization_id (a channel is one organisation’s)',
  'conversations (channel_id, contact_identity_id)': 'prefix with organization_id',
  'messages (channel_id, external_id)': 'prefix with organization_id',
  'messages (sender_user_id, idempotency_key)': 'prefix with organization_id (a user is one organisation’s)',
  'media_objects (storage_key)': 'prefix with organization_id',
  'reply_examples (question_message_id)': 'prefix with organization_id',
  'webhook_deliveries (public_id)': 'prefix with organization_id',
  'notification_preferences (user_id)': 'prefix with organization_id',
  'user_presence (user_id)': 'prefix with organization_id',
  'team_members (team_id, user_id)': 'prefix with organization_id',
};

let t: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

async function tables(): Promise<{ name: string; keyed: boolean }[]> {
  const { rows } = await sql<{ name: string; keyed: boolean }>`
    select c.relname as name,
           exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'organization_id' and not a.attisdropped) as keyed
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
     order by 1`.execute(t.db);
  return rows;
}

/** Each unique index as "table (columns)", the columns as pg_get_indexdef writes them. */
async function uniqueKeys(): Promise<string[]> {
  const { rows } = await sql<{ name: string; def: string }>`
    select c.relname as name, pg_get_indexdef(x.indexrelid) as def
      from pg_index x join pg_class c on c.oid = x.indrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and x.indisunique`.execute(t.db);
  return rows.map((r) => `${r.name} ${/USING \w+ (\(.*?\))(?: WHERE|$)/.exec(r.def)![1]}`);
}

describe('keyed for distribution by organisation', () => {
  it('every table has organization_id, or is listed with what distributing it takes', async () => {
    const unkeyed = (await tables()).filter((x) => !x.keyed).map((x) => x.name);
    expect(unkeyed.sort()).toEqual(Object.keys(TABLES_WITHOUT_ORGANIZATION).sort());
  });

  it('every unique key begins with organization_id, or is the id, or is listed with why', async () => {
    const keys = await uniqueKeys();
    const unkeyed = keys.filter((k) => !/ \(organization_id\b/.test(k) && !/ \(id\)$/.test(k));
    const ownTables = new Set(Object.keys(TABLES_WITHOUT_ORGANIZATION));
    // Tables without the column are listed as a whole above.
    const listed = unkeyed.filter((k) => !ownTables.has(k.split(' ')[0]!));
    expect(listed.sort()).toEqual(Object.keys(UNIQUE_KEYS_WITHOUT_ORGANIZATION).sort());
  });

  it('docs/SCALING.md names every table in its plan', async () => {
    const doc = readFileSync(new URL('../../../docs/SCALING.md', import.meta.url), 'utf8');
    const missing = (await tables()).map((x) => x.name).filter((name) => !doc.includes(`\`${name}\``) && !name.startsWith('kysely_'));
    expect(missing).toEqual([]);
  });
});
