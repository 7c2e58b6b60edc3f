import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { up } from '../../../src/db/migrations/0026-plain-media-previews.ts';
import { createTestDatabase } from '../../helpers/test-database.ts';

let t: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

it('migration 0026 rewrites the emoji previews an older snorq stored, and leaves what customers wrote', async () => {
  const org = (await sql<{ id: number }>`insert into organizations (name) values ('Acme') returning id`.execute(t.db)).rows[0]!.id;
  const channel = (
    await sql<{ id: number }>`insert into channels (organization_id, platform, external_account_id, display_name) values (${org}, 'messenger', 'page-1', 'Page') returning id`.execute(t.db)
  ).rows[0]!.id;
  const previews = ['📷 Photo', '🔗 Opened the chat from a link or ad', '📷 Photo of my order', 'thanks 🙏'];
  for (const [i, preview] of previews.entries()) {
    const contact = (await sql<{ id: number }>`insert into contacts (organization_id) values (${org}) returning id`.execute(t.db)).rows[0]!.id;
    const identity = (
      await sql<{
        id: number;
      }>`insert into contact_identities (organization_id, contact_id, channel_id, platform, platform_user_id) values (${org}, ${contact}, ${channel}, 'messenger', ${`psid-${i}`}) returning id`.execute(
        t.db,
      )
    ).rows[0]!.id;
    await sql`insert into conversations (organization_id, channel_id, contact_identity_id, contact_id, last_message_preview) values (${org}, ${channel}, ${identity}, ${contact}, ${preview})`.execute(
      t.db,
    );
  }

  await up(t.db as unknown as Kysely<unknown>);

  const after = (await sql<{ p: string }>`select last_message_preview as p from conversations order by id`.execute(t.db)).rows.map((r) => r.p);
  expect(after).toEqual(['Photo', 'Opened the chat from a link or ad', '📷 Photo of my order', 'thanks 🙏']);
});
