import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../src/core/accounts/users.ts';
import { createAutomationWorker } from '../../../src/core/automation/automation-worker.ts';
import { provisionChannels } from '../../../src/core/channel-accounts/provision-env-channels.ts';
import { metaSignature, whatsappText } from '../../helpers/signing.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';

/**
 * Rules against a real database: customers write through signed webhooks, the automation worker
 * runs (as every instance does) and what it did is read back: the conversation, the outbox, the
 * thread's log lines, the webhook queue.
 */
const SECRET = 'rules-wa-secret';
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ WHATSAPP_APP_SECRET: SECRET });
});
afterAll(async () => t?.close());

type Org = Awaited<ReturnType<TestApp['newOrganization']>> & { phone: string; channelId: number; agentId: number };
let n = 0;
const api = (token: string, method: 'GET' | 'PATCH' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });

async function newOrg(): Promise<Org> {
  const org = await t.newOrganization('Rules');
  const phone = `PN-rules-${++n}`;
  await provisionChannels(
    t.ctx.db,
    t.ctx.secretBox,
    org.organizationId,
    [{ platform: 'whatsapp', externalAccountId: phone, displayName: 'Shop', credentials: { platform: 'whatsapp', accessToken: 'tok' } }],
    'env',
  );
  const channel = await t.ctx.db.selectFrom('channels').select('id').where('external_account_id', '=', phone).executeTakeFirstOrThrow();
  const agent = await createUser(t.ctx.db, { organizationId: org.organizationId, email: `ana-${n}@rules.test`, name: 'Ana Lopez', role: 'agent', password: 'agent password 1' });
  return { ...org, phone, channelId: channel.id, agentId: agent.id };
}

async function rule(org: Org, body: object): Promise<{ id: number }> {
  const res = await api(org.token, 'POST', '/api/v1/automation/rules', { name: 'Rule', event: 'message_received', conditions: [], ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().rule;
}

const worker = () => createAutomationWorker({ db: t.ctx.db, log: { info: () => undefined, warn: () => undefined, error: (o) => console.error(o) } });

/** A customer writes now; automation runs; resolves with the conversation id. */
async function customerWrites(org: Org, from: string, text: string): Promise<number> {
  const id = `wamid.rules-${++n}`;
  const body = JSON.stringify(whatsappText({ phoneNumberId: org.phone, from, name: 'Kim Lee', id, text, timestamp: Date.now() }));
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/webhooks/whatsapp',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(SECRET, body) },
    payload: body,
  });
  expect(res.statusCode).toBe(200);
  await worker().drain();
  return (await t.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', id).executeTakeFirstOrThrow()).conversation_id;
}

const conversation = (id: number) => t.ctx.db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const logLines = async (id: number) =>
  (
    await t.ctx.db
      .selectFrom('messages')
      .select('content')
      .where('conversation_id', '=', id)
      .where('is_private_note', '=', true)
      .where(sql<boolean>`metadata->'automation'->>'feature' = 'automation'`)
      .orderBy('id')
      .execute()
  ).map((r) => r.content);

describe('actions', () => {
  it('assigns, labels, prioritises and logs each run in the thread as “rule X assigned to Y”', async () => {
    const org = await newOrg();
    await rule(org, {
      name: 'VIP',
      actions: [
        { type: 'assign_agent', userId: org.agentId },
        { type: 'add_label', label: 'vip' },
        { type: 'set_priority', priority: 'urgent' },
      ],
    });
    const id = await customerWrites(org, '4917100001', 'hello');
    expect(await conversation(id)).toMatchObject({ assignee_id: org.agentId, labels: ['vip'], priority: 'urgent' });
    expect(await logLines(id)).toEqual(['Rule “VIP”: assigned this to Ana Lopez; added the label “vip”; set the priority to urgent']);
    const thread = await api(org.token, 'GET', `/api/messages?conversationId=${id}`);
    expect(JSON.stringify(thread.json())).toContain('"automation":{"feature":"automation","rule":"VIP"}');
    // The line as a code, for the reader's language (src/contract/thread-texts.ts).
    const line = (thread.json() as { messages: { content: string | null; contentText?: unknown }[] }).messages.find((m) => m.content?.startsWith('Rule “VIP”'));
    expect(line?.contentText).toEqual({
      code: 'automation.rule',
      params: { rule: 'VIP' },
      parts: [{ code: 'automation.assignedAgent', params: { to: 'Ana Lopez' } }, { code: 'automation.addedLabel', params: { label: 'vip' } }, { code: 'automation.setPriority.urgent' }],
    });
  });

  it('sends a canned reply through the outbox with its variables filled, and adds a note', async () => {
    const org = await newOrg();
    const canned = await api(org.token, 'POST', '/api/v1/canned-responses', { shortcut: 'thanks', content: 'Thanks {{contact.first_name}}, we are on it.' });
    await rule(org, {
      actions: [
        { type: 'send_canned', cannedResponseId: canned.json().cannedResponse.id },
        { type: 'add_note', text: 'Check the order number' },
      ],
    });
    const id = await customerWrites(org, '4917100002', 'where is my order');
    const rows = await t.ctx.db.selectFrom('messages').select(['content', 'status', 'is_private_note']).where('conversation_id', '=', id).where('direction', '=', 'outbound').orderBy('id').execute();
    expect(rows).toEqual([
      { content: 'Thanks Kim, we are on it.', status: 'pending', is_private_note: false },
      { content: 'Check the order number', status: 'sent', is_private_note: true },
      { content: 'Rule “Rule”: sent the canned reply /thanks; added a note', status: 'sent', is_private_note: true },
    ]);
  });

  it('snoozes and resolves', async () => {
    const org = await newOrg();
    await rule(org, { conditions: [{ type: 'text_contains', value: 'later' }], actions: [{ type: 'snooze', hours: 2 }] });
    await rule(org, { conditions: [{ type: 'text_contains', value: 'bye' }], actions: [{ type: 'resolve' }] });
    const snoozed = await conversation(await customerWrites(org, '4917100003', 'call me LATER'));
    expect(snoozed.status).toBe('snoozed');
    expect(snoozed.snoozed_until!.getTime() - Date.now()).toBeGreaterThan(3_600_000);
    expect((await conversation(await customerWrites(org, '4917100004', 'ok bye'))).status).toBe('resolved');
  });

  it('queues an outgoing webhook to the subscription it names', async () => {
    const org = await newOrg();
    const sub = await t.ctx.db
      .insertInto('webhook_subscriptions')
      .values({ organization_id: org.organizationId, url: 'https://crm.example.com/hook', events: ['message.created'], secret_sealed: t.ctx.secretBox.seal('whsec_x'), start_seq: 1e9 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await rule(org, { name: 'CRM', actions: [{ type: 'send_webhook', subscriptionId: sub.id }] });
    const id = await customerWrites(org, '4917100005', 'new lead');
    const deliveries = await t.ctx.db.selectFrom('webhook_deliveries').select(['event_type', 'body', 'state']).where('subscription_id', '=', sub.id).execute();
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ event_type: 'rule.triggered', state: 'pending' });
    expect(JSON.parse(deliveries[0]!.body).data).toMatchObject({ rule: { name: 'CRM' }, conversation: { id } });
  });

  it('says in the log line what could not be done, and does the rest', async () => {
    const org = await newOrg();
    await rule(org, {
      name: 'Half',
      actions: [
        { type: 'assign_agent', userId: org.agentId },
        { type: 'add_label', label: 'kept' },
      ],
    });
    await t.ctx.db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', org.agentId).execute();
    const id = await customerWrites(org, '4917100006', 'hi');
    expect(await conversation(id)).toMatchObject({ assignee_id: null, labels: ['kept'] });
    expect(await logLines(id)).toEqual(['Rule “Half”: could not assign this to an agent: Ana Lopez is disabled; added the label “kept”']);
    // The reason as a code too, for the reader's language (the line's first part).
    const line = await t.ctx.db.selectFrom('messages').select('metadata').where('conversation_id', '=', id).where('is_private_note', '=', true).orderBy('id').executeTakeFirstOrThrow();
    expect((line.metadata as { contentText: { parts: unknown[] } }).contentText.parts[0]).toEqual({
      code: 'automation.failed.assign_agent',
      params: { name: 'Ana Lopez', reason: 'Ana Lopez is disabled', reasonCode: 'schema.agentDisabled' },
    });
  });
});

describe('conditions', () => {
  it('platform, channel, text contains and matches, label, contact attribute, business hours', async () => {
    const org = await newOrg();
    const tag = (label: string, conditions: object[]) => rule(org, { name: label, conditions, actions: [{ type: 'add_label', label }] });
    await tag('p-yes', [{ type: 'platform', platforms: ['whatsapp'] }]);
    await tag('p-no', [{ type: 'platform', platforms: ['messenger'] }]);
    await tag('c-yes', [{ type: 'channel', channelIds: [org.channelId] }]);
    await tag('t-yes', [{ type: 'text_contains', value: 'REFUND' }]);
    await tag('t-no', [{ type: 'text_contains', value: 'invoice' }]);
    await tag('m-yes', [{ type: 'text_matches', pattern: '(?i)order #?\\d{4,}' }]);
    await tag('m-no', [{ type: 'text_matches', pattern: '^\\d+$' }]);
    // Labels as they are when the rule runs: after the rules before it.
    await tag('l-yes', [{ type: 'label', label: 'p-yes', present: true }]);
    await tag('l-no', [{ type: 'label', label: 'p-yes', present: false }]);
    await tag('a-yes', [{ type: 'contact_attribute', key: 'tier', value: '' }]);
    await tag('h-yes', [{ type: 'business_hours', open: true }]);
    await tag('h-no', [{ type: 'business_hours', open: false }]);
    const id = await customerWrites(org, '4917100010', 'I want a refund for Order #12345');
    expect((await conversation(id)).labels.sort()).toEqual(['a-yes', 'c-yes', 'h-yes', 'l-yes', 'm-yes', 'p-yes', 't-yes']);

    // A contact attribute, ignoring case.
    const contactId = (await conversation(id)).contact_id;
    await t.ctx.db
      .updateTable('contacts')
      .set({ attributes: JSON.stringify({ tier: 'Gold' }) })
      .where('id', '=', contactId)
      .execute();
    await tag('gold', [{ type: 'contact_attribute', key: 'tier', value: 'gold' }]);
    await customerWrites(org, '4917100010', 'again');
    expect((await conversation(id)).labels).toContain('gold');
  });

  it('runs a pattern that backtracks catastrophically elsewhere in linear time, and refuses what RE2 cannot run', async () => {
    const org = await newOrg();
    await rule(org, { conditions: [{ type: 'text_matches', pattern: '(a+)+$' }], actions: [{ type: 'add_label', label: 'evil' }] });
    // A backtracking engine would not finish this in the test's lifetime; RE2 answers "no match" at once.
    const id = await customerWrites(org, '4917100011', `${'a'.repeat(5000)}!`);
    expect((await conversation(id)).labels).toEqual([]);
    const refused = await api(org.token, 'POST', '/api/v1/automation/rules', {
      name: 'x',
      event: 'message_received',
      conditions: [{ type: 'text_matches', pattern: '(a)\\1' }],
      actions: [{ type: 'resolve' }],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details.issues[0].path).toBe('/conditions/0/pattern');
  });
});

describe('teams', () => {
  it('assigns a new conversation to a team, then a team condition picks it; another organisation’s or an unknown team is refused beside its field', async () => {
    const org = await newOrg();
    const team = async (name: string) => {
      const res = await api(org.token, 'POST', '/api/v1/teams', { name, strategy: 'manual' });
      expect(res.statusCode, res.body).toBe(201);
      return (res.json() as { team: { id: number } }).team.id;
    };
    const support = await team('Support');
    const sales = await team('Sales');
    await rule(org, { name: 'Route', event: 'conversation_created', actions: [{ type: 'assign_team', teamId: support }] });
    await rule(org, { name: 'Support tag', conditions: [{ type: 'team', teamIds: [support] }], actions: [{ type: 'add_label', label: 'support' }] });
    await rule(org, { name: 'Sales tag', conditions: [{ type: 'team', teamIds: [sales] }], actions: [{ type: 'add_label', label: 'sales' }] });
    const id = await customerWrites(org, '4917100030', 'hello');
    expect(await conversation(id)).toMatchObject({ team_id: support, labels: ['support'] });
    expect(await logLines(id)).toEqual(['Rule “Route”: assigned this to team Support', 'Rule “Support tag”: added the label “support”']);

    const other = await newOrg();
    const foreign = (await api(other.token, 'POST', '/api/v1/teams', { name: 'Theirs', strategy: 'manual' })).json() as { team: { id: number } };
    const condition = await api(org.token, 'POST', '/api/v1/automation/rules', {
      name: 'X',
      event: 'message_received',
      conditions: [{ type: 'team', teamIds: [foreign.team.id] }],
      actions: [{ type: 'resolve' }],
    });
    expect(condition.statusCode).toBe(400);
    expect(condition.json().error.details.issues[0]).toMatchObject({ path: '/conditions/0/teamIds' });
    const action = await api(org.token, 'POST', '/api/v1/automation/rules', { name: 'X', event: 'message_received', conditions: [], actions: [{ type: 'assign_team', teamId: foreign.team.id }] });
    expect(action.statusCode).toBe(400);
    // Another organisation's team is one this organisation cannot see: "does not exist", as a code beside the action.
    expect(action.json().error.details.issues[0]).toMatchObject({ path: '/actions/0', code: 'schema.teamGone' });
    // Giving a conversation to a team changes it: on "conversation updated" that would run the rule again.
    const loop = await api(org.token, 'POST', '/api/v1/automation/rules', { name: 'Loop', event: 'conversation_updated', conditions: [], actions: [{ type: 'assign_team', teamId: sales }] });
    expect(loop.json().error.details.issues[0]).toMatchObject({ path: '/event', message: expect.stringContaining('would loop'), code: 'schema.ruleLoops', params: { action: expect.any(String) } });
  });
});

describe('events, order and loops', () => {
  it('runs “conversation created” once, “message received” on each message, in order, and stops when a rule says so', async () => {
    const org = await newOrg();
    await rule(org, { name: 'First', event: 'conversation_created', actions: [{ type: 'add_label', label: 'new' }] });
    const second = await rule(org, { name: 'Stopper', stopAfter: true, conditions: [{ type: 'text_contains', value: 'stop' }], actions: [{ type: 'set_priority', priority: 'high' }] });
    const third = await rule(org, { name: 'Counter', actions: [{ type: 'add_note', text: 'seen' }] });
    const id = await customerWrites(org, '4917100020', 'hello');
    await customerWrites(org, '4917100020', 'please stop');
    expect(await logLines(id)).toEqual(['Rule “First”: added the label “new”', 'seen', 'Rule “Counter”: added a note', 'Rule “Stopper”: set the priority to high']);
    // Reordered: the counter first, then the stopper.
    const order = await api(org.token, 'PUT', '/api/v1/automation/rules/order', { ruleIds: [third.id, second.id, (await api(org.token, 'GET', '/api/v1/automation/rules')).json().rules[0].id] });
    expect(order.statusCode, order.body).toBe(200);
    expect(order.json().rules.map((r: { name: string }) => r.name)).toEqual(['Counter', 'Stopper', 'First']);
  });

  it('refuses a rule that would trigger itself, with the reason; runs a guarded one once and never on its own change', async () => {
    const org = await newOrg();
    const looping = await api(org.token, 'POST', '/api/v1/automation/rules', { name: 'Loop', event: 'conversation_updated', conditions: [], actions: [{ type: 'set_priority', priority: 'high' }] });
    expect(looping.statusCode).toBe(400);
    expect(looping.json().error.details.issues[0]).toMatchObject({ path: '/event', message: expect.stringContaining('would loop') });
    await rule(org, { name: 'Tag X', event: 'conversation_updated', conditions: [{ type: 'label', label: 'x', present: false }], actions: [{ type: 'add_label', label: 'x' }] });
    await rule(org, { name: 'Tag Y', event: 'conversation_updated', conditions: [{ type: 'label', label: 'y', present: false }], actions: [{ type: 'add_label', label: 'y' }] });
    const id = await customerWrites(org, '4917100021', 'hi');
    expect((await api(org.token, 'PATCH', `/api/v1/conversations/${id}`, { priority: 'low' })).statusCode).toBe(200);
    await worker().drain();
    await worker().drain();
    expect((await conversation(id)).labels).toEqual(['x', 'y']);
    expect(await logLines(id)).toEqual(['Rule “Tag X”: added the label “x”', 'Rule “Tag Y”: added the label “y”']);
  });
});

describe('testing a rule on a past conversation', () => {
  it('shows which conditions hold and what would happen, changing nothing', async () => {
    const org = await newOrg();
    const id = await customerWrites(org, '4917100030', 'I need a refund');
    const before = await conversation(id);
    const res = await api(org.token, 'POST', '/api/v1/automation/rules/test', {
      conversationId: id,
      rule: {
        name: 'Try',
        event: 'message_received',
        conditions: [
          { type: 'text_contains', value: 'refund' },
          { type: 'platform', platforms: ['whatsapp'] },
        ],
        actions: [{ type: 'assign_agent', userId: org.agentId }, { type: 'resolve' }],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      matched: true,
      conditions: [{ matched: true }, { matched: true }],
      actions: [{ outcome: 'would assign to Ana Lopez' }, { outcome: 'would resolve the conversation' }],
    });
    const miss = await api(org.token, 'POST', '/api/v1/automation/rules/test', {
      conversationId: id,
      rule: { name: 'Try', event: 'message_received', conditions: [{ type: 'text_contains', value: 'invoice' }], actions: [{ type: 'resolve' }] },
    });
    expect(miss.json()).toMatchObject({ matched: false, conditions: [{ matched: false }] });
    expect(await conversation(id)).toEqual(before);
    expect(await logLines(id)).toEqual([]);
  });
});
