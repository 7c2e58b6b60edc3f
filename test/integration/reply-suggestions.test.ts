import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/core/accounts/users.ts';
import type { SuggestionsResult } from '../../src/contract/suggestions.ts';
import type { Kysely } from 'kysely';
import { backfillReplyExamples } from '../../src/db/migrations/0024-reply-examples.ts';
import { startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * Reply suggestions from the team's own history: customers write through the simulator, agents
 * answer through the API (the trigger of src/db/definitions/reply-examples.sql records each first
 * answer), and a new customer's question gets the answers given to similar ones, most used first,
 * plus the matching canned responses. Nothing is ever sent by asking.
 */
let s: SandboxedSnorq;
beforeAll(async () => {
  s = await startSandboxedSnorq({ autoReceipts: false });
});
afterAll(async () => s?.close());

let seq = 0;
async function customerWrites(text: string, customer = `sugg${++seq}`): Promise<number> {
  const sent = await s.simulator.customers.send('messenger', { accountId: s.account('messenger').accountId, customer: { id: `${customer}x${Date.now()}`, name: `Customer ${seq}` }, text });
  expect(sent.status).toBe(200);
  const row = await s.snorq.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', sent.externalId!).executeTakeFirstOrThrow();
  return row.conversation_id;
}
async function agentAnswers(conversationId: number, content: string): Promise<void> {
  const res = await s.api('/api/messages', { json: { conversationId, content } });
  expect(res.status).toBe(201);
}
const suggestionsFor = async (conversationId: number, token = s.token) => {
  const res = await fetch(`${s.snorq.url}/api/v1/conversations/${conversationId}/suggestions`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as SuggestionsResult };
};

const USUAL = 'Sorry for the wait! Your order ships within 2 days.';
const RARER = 'Let me check that for you.';

describe('reply suggestions', () => {
  let asking: number;
  beforeAll(async () => {
    await agentAnswers(await customerWrites('Where is my order? It has not arrived yet'), USUAL);
    await agentAnswers(await customerWrites('where is my order??'), `  ${USUAL.toUpperCase()} `);
    await agentAnswers(await customerWrites('Where is my order'), RARER);
    await agentAnswers(await customerWrites('Do you ship to Austria?'), 'Yes, we ship across the EU.');
    // a private note teaches nothing
    const noted = await customerWrites('where is my order, please');
    expect((await s.api('/api/messages', { json: { conversationId: noted, content: 'NOTE: angry customer', privateNote: true } })).status).toBe(201);
    await s.snorq.ctx.db
      .insertInto('canned_responses')
      .values([
        { organization_id: s.organizationId, shortcut: 'order-status', content: 'You can track your order at https://shop.example/track' },
        { organization_id: s.organizationId, shortcut: 'opening-hours', content: 'We are open Monday to Friday, 9 to 5.' },
      ])
      .execute();
    asking = await customerWrites('hi, where is my order');
  });

  it('offers the answers given to similar questions, the most used first, then matching canned responses', async () => {
    const before = await s.snorq.ctx.db.selectFrom('messages').select('id').where('conversation_id', '=', asking).execute();
    const { status, body } = await suggestionsFor(asking);
    expect({ status, body }).toMatchObject({ status: 200 });
    expect(body.question).toBe('hi, where is my order');
    const history = body.suggestions.filter((x) => x.source === 'history');
    expect(history.map((x) => x.text.trim().toLowerCase())).toEqual([USUAL.toLowerCase(), RARER.toLowerCase()]);
    expect(history[0]).toMatchObject({ uses: 2 });
    expect(body.suggestions.some((x) => x.text.includes('Austria') || x.text.includes('EU'))).toBe(false);
    expect(body.suggestions.some((x) => x.text.includes('NOTE'))).toBe(false);
    const canned = body.suggestions.filter((x) => x.source === 'canned');
    expect(canned.map((x) => x.shortcut)).toEqual(['order-status']);
    // asking sends nothing and stores nothing
    const after = await s.snorq.ctx.db.selectFrom('messages').select('id').where('conversation_id', '=', asking).execute();
    expect(after).toHaveLength(before.length);
  });

  it('answers the customer’s unanswered messages together', async () => {
    const conversationId = await customerWrites('Do you');
    await s.simulator.customers.send('messenger', { accountId: s.account('messenger').accountId, customer: { id: (await customerRef(conversationId))!, name: 'Again' }, text: 'ship to Austria?' });
    const { body } = await suggestionsFor(conversationId);
    expect(body.question).toBe('Do you ship to Austria?');
    expect(body.suggestions[0]).toMatchObject({ source: 'history', text: 'Yes, we ship across the EU.' });
  });

  it('the migration’s backfill of earlier history records the same examples as the trigger', async () => {
    const db = s.snorq.ctx.db;
    const pairs = () => db.selectFrom('reply_examples').select(['question_message_id', 'answer_message_id', 'question', 'answer']).orderBy('question_message_id').execute();
    const recorded = await pairs();
    expect(recorded).toHaveLength(4); // four answered questions; the note answered nothing
    await db.deleteFrom('reply_examples').execute();
    await backfillReplyExamples(db as unknown as Kysely<unknown>);
    expect(await pairs()).toEqual(recorded);
  });

  it('is 404 for another organisation’s conversation and for one that does not exist', async () => {
    const org = await s.snorq.ctx.db.insertInto('organizations').values({ name: 'Other' }).returning('id').executeTakeFirstOrThrow();
    await createUser(s.snorq.ctx.db, { organizationId: org.id, email: 'other@suggest.test', name: 'Other', role: 'admin', password: 'other password 1' });
    const login = await fetch(`${s.snorq.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'other@suggest.test', password: 'other password 1' }),
    });
    const { token } = (await login.json()) as { token: string };
    expect((await suggestionsFor(asking, token)).status).toBe(404);
    expect((await suggestionsFor(999_999_999)).status).toBe(404);
  });
});

/** The platform id of a conversation's customer, to write again as the same person. */
async function customerRef(conversationId: number): Promise<string | undefined> {
  const row = await s.snorq.ctx.db
    .selectFrom('conversations')
    .innerJoin('contact_identities', 'contact_identities.id', 'conversations.contact_identity_id')
    .select('contact_identities.platform_user_id')
    .where('conversations.id', '=', conversationId)
    .executeTakeFirst();
  return row?.platform_user_id;
}
