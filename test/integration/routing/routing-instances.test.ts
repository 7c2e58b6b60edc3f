import { afterAll, beforeAll, expect, it } from 'vitest';
import { routeOrganization } from '../../../src/core/routing/route-conversations.ts';
import type { RunningSnorq } from '../../../src/start-snorq.ts';
import { createTestDatabase } from '../../helpers/test-database.ts';
import { startTestSnorq } from '../../helpers/test-snorq.ts';
import { agents, assigneesOf, setPresence, tally } from './routing-helpers.ts';

/**
 * Two snorq instances on one database route the same team at once (their own workers, woken by
 * the same events, and passes started side by side on each): every conversation is assigned once,
 * announced once, and no agent passes the cap.
 */
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let one: RunningSnorq;
let two: RunningSnorq;

beforeAll(async () => {
  db = await createTestDatabase();
  one = await startTestSnorq(db.url);
  two = await startTestSnorq(db.url);
}, 180_000);
afterAll(async () => {
  await one?.stop();
  await two?.stop();
  await db?.drop();
});

it('two instances never assign a conversation twice nor pass the cap', async () => {
  const org = (await db.db.insertInto('organizations').values({ name: 'routing instances' }).returning('id').executeTakeFirstOrThrow()).id;
  const ids = await agents(db.db, org, ['Ana', 'Bo', 'Cy']);
  for (const id of ids) await setPresence(db.db, org, id, 'online');
  const channel = await db.db
    .insertInto('channels')
    .values({ organization_id: org, platform: 'whatsapp', external_account_id: 'PN-ROUTING-INSTANCES', display_name: 'WA' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const team = await db.db.insertInto('teams').values({ organization_id: org, name: 'Support', strategy: 'least_busy', max_open_per_agent: 10 }).returning('id').executeTakeFirstOrThrow();
  await db.db
    .insertInto('team_members')
    .values(ids.map((user_id) => ({ team_id: team.id, user_id, organization_id: org })))
    .execute();
  await db.db.updateTable('channels').set({ team_id: team.id }).where('id', '=', channel.id).execute();
  const conversations: number[] = [];
  for (let i = 0; i < 40; i++) {
    const contact = await db.db
      .insertInto('contacts')
      .values({ organization_id: org, display_name: `C${i}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    const identity = await db.db
      .insertInto('contact_identities')
      .values({ organization_id: org, contact_id: contact.id, channel_id: channel.id, platform: 'whatsapp', platform_user_id: `4915550${String(i).padStart(5, '0')}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = await db.db
      .insertInto('conversations')
      .values({ organization_id: org, channel_id: channel.id, contact_id: contact.id, contact_identity_id: identity.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    conversations.push(row.id);
  }
  // Side by side on both instances' pools, while their workers also route on their own.
  await Promise.all(Array.from({ length: 8 }, (_, i) => routeOrganization((i % 2 ? one : two).ctx.db, org, { offlineGraceSeconds: 120 })));

  const counts = tally(await assigneesOf(db.db, conversations));
  expect(counts.get(null)).toBe(10);
  for (const id of ids) expect(counts.get(id)).toBe(10);
  const announced = await db.db.selectFrom('events').select('payload').where('organization_id', '=', org).where('type', '=', 'conversation:updated').execute();
  const perConversation = tally(announced.map((e) => (e.payload as { conversation: { id: number } }).conversation.id));
  expect([...perConversation.values()].every((n) => n === 1)).toBe(true);
  expect(perConversation.size).toBe(30);
}, 60_000);
