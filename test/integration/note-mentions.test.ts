import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/core/accounts/users.ts';
import { parseMentions } from '../../src/core/mentions/find-mentions.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

/** An organisation with agents and one conversation. */
async function setUp() {
  const org = await t.newOrganization();
  const db = t.ctx.db;
  const ada = await createUser(db, { organizationId: org.organizationId, email: `ada-${org.organizationId}@example.test`, name: 'Ada Lovelace', role: 'agent', password: 'correct horse battery' });
  const bob = await createUser(db, { organizationId: org.organizationId, email: `bob-${org.organizationId}@example.test`, name: 'Bob', role: 'agent', password: 'correct horse battery' });
  const channel = await db
    .insertInto('channels')
    .values({ organization_id: org.organizationId, platform: 'whatsapp', external_account_id: `pn-${org.organizationId}`, display_name: 'WA' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const contact = await db.insertInto('contacts').values({ organization_id: org.organizationId, display_name: 'Ann' }).returning('id').executeTakeFirstOrThrow();
  const identity = await db
    .insertInto('contact_identities')
    .values({ organization_id: org.organizationId, contact_id: contact.id, channel_id: channel.id, platform: 'whatsapp', platform_user_id: `49155${org.organizationId}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const conv = await db
    .insertInto('conversations')
    .values({ organization_id: org.organizationId, channel_id: channel.id, contact_identity_id: identity.id, contact_id: contact.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { org, ada, bob, conversationId: conv.id };
}

const post = (token: string, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/messages', headers: { authorization: `Bearer ${token}` }, payload });

describe('mentions in private notes', () => {
  it('parses @names of agents: longest first, whole names only, unknown names stay text', () => {
    const agents = [
      { id: 1, name: 'Ada' },
      { id: 2, name: 'Ada Lovelace' },
      { id: 3, name: 'Bob' },
    ];
    expect(parseMentions('@Ada Lovelace, look', agents)).toEqual([2]);
    expect(parseMentions('@ada and @BOB!', agents)).toEqual([1, 3]);
    expect(parseMentions('@Bobby @Carol mail@bob', agents)).toEqual([]);
    expect(parseMentions('no mention', agents)).toEqual([]);
  });

  it('stores the mentioned agents on the note and logs a mention event; another organisation’s agent is never mentioned', async () => {
    const { org, ada, bob, conversationId } = await setUp();
    const other = await setUp();
    const res = await post(org.token, { conversationId, content: `@Ada Lovelace can you check? cc @Bob, not @Nobody or @${other.ada.name.split(' ')[1]}`, privateNote: true });
    expect(res.statusCode).toBe(201);
    const note = res.json().message;
    expect(note.mentions).toEqual([ada.id, bob.id].sort((a, b) => a - b));

    const thread = await t.app.inject({ url: `/api/messages?conversationId=${conversationId}`, headers: { authorization: `Bearer ${org.token}` } });
    expect(thread.json().messages.find((m: { id: number }) => m.id === note.id).mentions).toEqual(note.mentions);

    const events = await t.ctx.db.selectFrom('events').select(['type', 'payload']).where('organization_id', '=', org.organizationId).orderBy('seq').execute();
    const mention = events.find((e) => e.type === 'mention');
    expect(mention?.payload).toEqual({ messageId: note.id, conversationId, authorUserId: org.adminId, mentionedUserIds: note.mentions, excerpt: expect.stringContaining('@Ada Lovelace') });
    expect(events.find((e) => e.type === 'new:message')?.payload).toMatchObject({ message: { id: note.id, mentions: note.mentions } });

    // Ada of the other organisation has the same name: her own note mentions her colleague, not ours.
    const theirs = await post(other.org.token, { conversationId: other.conversationId, content: '@Ada Lovelace', privateNote: true });
    expect(theirs.json().message.mentions).toEqual([other.ada.id]);
  });

  it('a note without known names, and a reply to the customer, mention nobody', async () => {
    const { org, conversationId } = await setUp();
    const plain = await post(org.token, { conversationId, content: 'mail support@example.test', privateNote: true });
    expect(plain.statusCode).toBe(201);
    expect(plain.json().message.mentions).toBeUndefined();
    const events = await t.ctx.db.selectFrom('events').select('type').where('organization_id', '=', org.organizationId).execute();
    expect(events.map((e) => e.type)).not.toContain('mention');
  });
  it('a note’s new:message carries its conversation and its author, so every agent’s app places it live', async () => {
    const { org, conversationId } = await setUp();
    const res = await post(org.token, { conversationId, content: 'checked with the warehouse', privateNote: true });
    expect(res.statusCode).toBe(201);
    const note = res.json().message;
    const events = await t.ctx.db.selectFrom('events').select(['type', 'payload']).where('organization_id', '=', org.organizationId).where('type', '=', 'new:message').execute();
    expect(events.at(-1)?.payload).toMatchObject({
      message: { id: note.id, isPrivateNote: true, author: { id: org.adminId, name: 'Admin', avatarUrl: null } },
      conversation: { id: conversationId },
    });
    // The thread names the author of every agent's message too.
    const thread = await t.app.inject({ url: `/api/messages?conversationId=${conversationId}`, headers: { authorization: `Bearer ${org.token}` } });
    expect(thread.json().messages.find((m: { id: number }) => m.id === note.id).author).toEqual({ id: org.adminId, name: 'Admin', avatarUrl: null });
  });
});
