import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../src/core/accounts/users.ts';
import { createAutomationWorker, type AutomationWorker } from '../../../src/core/automation/automation-worker.ts';
import { provisionChannels } from '../../../src/core/channel-accounts/provision-env-channels.ts';
import { metaSignature, whatsappText } from '../../helpers/signing.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';

/**
 * Greeting and away message: customers write through signed webhooks at moments the test chooses,
 * and the automation worker runs on a clock the test sets (the reply window and business hours are
 * judged at those moments), against a real database. What is queued is read back from `messages`.
 */
const SECRET = 'automation-wa-secret';
const HOUR = 3_600_000;
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ WHATSAPP_APP_SECRET: SECRET });
});
afterAll(async () => t?.close());

type Org = Awaited<ReturnType<TestApp['newOrganization']>> & { phone: string };
let channels = 0;
let messageSeq = 0;

const api = (token: string, method: 'GET' | 'PATCH' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });

const WEEKDAYS_9_TO_5 = ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, start: '09:00', end: '17:00' }));

async function newOrg(opts: { timeZone?: string; holidays?: { date: string; name: string }[]; greeting?: object; away?: object } = {}): Promise<Org> {
  const org = await t.newOrganization('Automation');
  const phone = `PN-auto-${++channels}`;
  await provisionChannels(
    t.ctx.db,
    t.ctx.secretBox,
    org.organizationId,
    [{ platform: 'whatsapp', externalAccountId: phone, displayName: 'Shop', credentials: { platform: 'whatsapp', accessToken: 'tok' } }],
    'env',
  );
  const hours = await api(org.token, 'PATCH', '/api/v1/organization/', {
    name: 'Acme Shop',
    timeZone: opts.timeZone ?? 'Europe/Berlin',
    businessHours: WEEKDAYS_9_TO_5,
    holidays: opts.holidays ?? [],
  });
  expect(hours.statusCode, hours.body).toBe(200);
  const settings = await api(org.token, 'PATCH', '/api/v1/automation/settings', {
    greeting: { enabled: false, text: 'Hello {{contact.first_name}}, welcome to {{organisation.name}}!', ...opts.greeting },
    away: { enabled: false, text: 'We are closed now and answer when we open.', ...opts.away },
  });
  expect(settings.statusCode, settings.body).toBe(200);
  return { ...org, phone };
}

/** A customer's message, written at `at`, through the signed webhook; resolves with its conversation id. */
async function customerWrites(org: Org, from: string, text: string, at: Date): Promise<number> {
  const id = `wamid.auto-${++messageSeq}`;
  const body = JSON.stringify(whatsappText({ phoneNumberId: org.phone, from, name: 'Maria José Lopez', id, text, timestamp: at.getTime() }));
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/webhooks/whatsapp',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(SECRET, body) },
    payload: body,
  });
  expect(res.statusCode).toBe(200);
  return (await t.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', id).executeTakeFirstOrThrow()).conversation_id;
}

let clock = new Date();
const warnings: object[] = [];
function worker(maxDelayMs?: number): AutomationWorker {
  return createAutomationWorker({
    db: t.ctx.db,
    log: { info: () => undefined, warn: (o) => void warnings.push(o), error: (o) => console.error(o) },
    now: () => clock,
    ...(maxDelayMs !== undefined && { maxDelayMs }),
  });
}

/** The customer writes at `at` and automation runs a minute later. */
async function writeAndRun(org: Org, from: string, text: string, at: Date, w = worker()): Promise<number> {
  const conversationId = await customerWrites(org, from, text, at);
  clock = new Date(at.getTime() + 60_000);
  await w.drain();
  return conversationId;
}

/** What automation wrote in the thread, oldest first. */
async function automatic(conversationId: number) {
  return t.ctx.db
    .selectFrom('messages')
    .select(['content', 'status', 'is_private_note', 'sender_user_id', 'direction', sql<string>`metadata->'automation'->>'feature'`.as('feature')])
    .where('conversation_id', '=', conversationId)
    .where(sql<boolean>`metadata ? 'automation'`)
    .orderBy('id')
    .execute();
}

describe('greeting', () => {
  it('greets a customer’s first message with the variables filled, as an automatic reply in the outbox', async () => {
    const org = await newOrg({ greeting: { enabled: true } });
    const conversationId = await writeAndRun(org, '491700000001', 'hi there', new Date('2026-06-03T10:00:00Z'));
    expect(await automatic(conversationId)).toEqual([
      { content: 'Hello Maria, welcome to Acme Shop!', status: 'pending', is_private_note: false, sender_user_id: null, direction: 'outbound', feature: 'greeting' },
    ]);
    // The thread shows it as automatic: the API carries `automation`.
    const thread = await api(org.token, 'GET', `/api/messages?conversationId=${conversationId}`);
    expect(JSON.stringify(thread.json())).toContain('"automation":{"feature":"greeting"}');
  });

  it('greets once per period: not again while the customer keeps writing, again after the quiet hours', async () => {
    const org = await newOrg({ greeting: { enabled: true, quietHours: 12 } });
    const start = new Date('2026-06-03T10:00:00Z');
    const conversationId = await writeAndRun(org, '491700000002', 'one', start);
    await writeAndRun(org, '491700000002', 'two', new Date(start.getTime() + 2 * HOUR));
    await writeAndRun(org, '491700000002', 'three', new Date(start.getTime() + 13 * HOUR));
    // 11 h after "three": quiet since the last message not long enough.
    await writeAndRun(org, '491700000002', 'four', new Date(start.getTime() + 24 * HOUR));
    expect((await automatic(conversationId)).map((m) => m.feature)).toEqual(['greeting']);
    await writeAndRun(org, '491700000002', 'five', new Date(start.getTime() + 37 * HOUR));
    expect((await automatic(conversationId)).map((m) => m.feature)).toEqual(['greeting', 'greeting']);
  });

  it('never answers an agent’s reply or note, and handles each event once with two instances', async () => {
    const org = await newOrg({ greeting: { enabled: true } });
    // Now, so that the agent's reply below finds the reply window open.
    const at = new Date(Date.now() - 5 * 60_000);
    const conversationId = await customerWrites(org, '491700000003', 'hello', at);
    clock = new Date(at.getTime() + 60_000);
    await Promise.all([worker().drain(), worker().drain(), worker().drain()]);
    expect(await automatic(conversationId)).toHaveLength(1);
    expect((await api(org.token, 'POST', '/api/messages', { conversationId, content: 'an agent answers' })).statusCode).toBe(201);
    expect((await api(org.token, 'POST', '/api/messages', { conversationId, content: 'a note', privateNote: true })).statusCode).toBe(201);
    clock = new Date(at.getTime() + 40 * HOUR);
    await worker(100 * HOUR).drain();
    expect(await automatic(conversationId)).toHaveLength(1);
  });

  it('does not send through a closed reply window: nothing queued, the reason logged in the thread and the server log', async () => {
    const org = await newOrg({ greeting: { enabled: true } });
    const at = new Date('2026-06-03T10:00:00Z');
    const conversationId = await customerWrites(org, '491700000004', 'hello', at);
    // Read 25 h late (a platform's late redelivery): WhatsApp's 24-hour window has closed.
    clock = new Date(at.getTime() + 25 * HOUR);
    warnings.length = 0;
    await worker(48 * HOUR).drain();
    const rows = await automatic(conversationId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ is_private_note: true, feature: 'greeting', direction: 'outbound' });
    expect(rows[0]!.content).toMatch(/^Greeting not sent: /);
    // As a code for the reader's language: the platform failure's own text where the app has it.
    const coded = await t.ctx.db
      .selectFrom('messages')
      .select(sql<unknown>`metadata->'contentText'`.as('text'))
      .where('conversation_id', '=', conversationId)
      .where('is_private_note', '=', true)
      .executeTakeFirstOrThrow();
    expect(coded.text).toEqual({ code: 'automation.greetingNotSent', params: { reason: expect.any(String), reasonCode: 'platformError.WINDOW_CLOSED' } });
    expect(warnings).toEqual([expect.objectContaining({ conversationId, feature: 'greeting', code: 'WINDOW_CLOSED' })]);
    // A message read later than the limit (6 h by default) gets no automatic answer at all.
    const late = await customerWrites(org, '491700000005', 'history', at);
    await worker().drain();
    expect(await automatic(late)).toEqual([]);
  });

  it('answers nothing that came before automation was configured', async () => {
    const org = await t.newOrganization('Before');
    const phone = `PN-auto-${++channels}`;
    await provisionChannels(
      t.ctx.db,
      t.ctx.secretBox,
      org.organizationId,
      [{ platform: 'whatsapp', externalAccountId: phone, displayName: 'x', credentials: { platform: 'whatsapp', accessToken: 'tok' } }],
      'env',
    );
    const at = new Date();
    const conversationId = await customerWrites({ ...org, phone }, '491700000006', 'early', at);
    await api(org.token, 'PATCH', '/api/v1/automation/settings', { greeting: { enabled: true, text: 'Hi' } });
    clock = new Date(at.getTime() + 60_000);
    await worker().drain();
    expect(await automatic(conversationId)).toEqual([]);
  });
});

describe('away message', () => {
  it('answers outside business hours once per closed stretch, in the organisation’s time zone', async () => {
    const org = await newOrg({ timeZone: 'America/New_York', away: { enabled: true } });
    // Saturday 2026-06-06 11:00 in New York: closed.
    const conversationId = await writeAndRun(org, '491700000010', 'anyone?', new Date('2026-06-06T15:00:00Z'));
    await writeAndRun(org, '491700000010', 'hello??', new Date('2026-06-06T18:00:00Z'));
    // Monday 08:00 New York (12:00 UTC; 14:00 in Berlin, open there): still the same closed stretch.
    await writeAndRun(org, '491700000010', 'monday early', new Date('2026-06-08T12:00:00Z'));
    expect((await automatic(conversationId)).map((m) => m.feature)).toEqual(['away_message']);
    // Monday 10:00: open, no away message.
    await writeAndRun(org, '491700000010', 'monday open', new Date('2026-06-08T14:00:00Z'));
    // Monday 18:00: closed again after being open: a new stretch.
    await writeAndRun(org, '491700000010', 'monday evening', new Date('2026-06-08T22:00:00Z'));
    expect((await automatic(conversationId)).map((m) => m.feature)).toEqual(['away_message', 'away_message']);
  });

  it('counts openings across a DST change with the offset of that day', async () => {
    const org = await newOrg({ timeZone: 'Europe/Berlin', away: { enabled: true } });
    // Sunday 2026-10-25 (clocks went back at 03:00 that night): closed.
    const conversationId = await writeAndRun(org, '491700000011', 'sunday', new Date('2026-10-25T19:00:00Z'));
    // Monday 08:30 CET = 07:30 UTC: still closed; Monday opens at 09:00 CET = 08:00 UTC (with
    // summer time's offset it would have been 07:00 UTC, before this message, and answered twice).
    await writeAndRun(org, '491700000011', 'monday 08:30', new Date('2026-10-26T07:30:00Z'));
    expect((await automatic(conversationId)).map((m) => m.feature)).toEqual(['away_message']);
    // Monday 08:30 UTC = 09:30 CET: open.
    await writeAndRun(org, '491700000011', 'monday 09:30', new Date('2026-10-26T08:30:00Z'));
    expect((await automatic(conversationId)).map((m) => m.feature)).toEqual(['away_message']);
  });

  it('treats a holiday as closed all day, and the day after opens as usual', async () => {
    const org = await newOrg({ timeZone: 'Europe/Madrid', holidays: [{ date: '2026-12-24', name: 'Nochebuena' }], away: { enabled: true } });
    // Thursday 24 December, 11:00 in Madrid: a weekday within hours, but a holiday.
    const conversationId = await writeAndRun(org, '491700000012', 'open today?', new Date('2026-12-24T10:00:00Z'));
    // Friday 25 December 08:00 (not a holiday here): closed, no opening since.
    await writeAndRun(org, '491700000012', 'friday early', new Date('2026-12-25T07:00:00Z'));
    expect((await automatic(conversationId)).map((m) => m.feature)).toEqual(['away_message']);
    // Friday 18:00: it opened at 09:00, so this is a new stretch.
    await writeAndRun(org, '491700000012', 'friday late', new Date('2026-12-25T17:00:00Z'));
    expect((await automatic(conversationId)).map((m) => m.feature)).toEqual(['away_message', 'away_message']);
  });

  it('sends both a greeting and an away message to a first message outside hours, each once', async () => {
    const org = await newOrg({ greeting: { enabled: true }, away: { enabled: true } });
    const conversationId = await writeAndRun(org, '491700000013', 'late night', new Date('2026-06-03T22:00:00Z'));
    await writeAndRun(org, '491700000013', 'still there?', new Date('2026-06-03T22:30:00Z'));
    expect((await automatic(conversationId)).map((m) => m.feature)).toEqual(['greeting', 'away_message']);
  });
});

describe('settings', () => {
  it('refuses to switch on a message without text, naming the field, and lets only admins change them', async () => {
    const org = await t.newOrganization('Settings');
    const refused = await api(org.token, 'PATCH', '/api/v1/automation/settings', { away: { enabled: true, text: '  ' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details.issues).toEqual([{ path: '/away/text', message: 'give the away message a text before switching it on', code: 'schema.awayNeedsText' }]);
    const tooLong = await api(org.token, 'PATCH', '/api/v1/automation/settings', { greeting: { quietHours: 0 } });
    expect(tooLong.statusCode).toBe(400);
    await createUser(t.ctx.db, { organizationId: org.organizationId, email: 'agent-settings@auto.test', name: 'Agent', role: 'agent', password: 'agent password 1' });
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'agent-settings@auto.test', password: 'agent password 1' } });
    const agentToken = login.json().token as string;
    expect((await api(agentToken, 'GET', '/api/v1/automation/settings')).statusCode).toBe(403);
    expect((await api(agentToken, 'PATCH', '/api/v1/automation/settings', { away: { enabled: false } })).statusCode).toBe(403);
    const saved = await api(org.token, 'PATCH', '/api/v1/automation/settings', { away: { enabled: true, text: 'Closed' } });
    expect(saved.json().settings.away).toEqual({ enabled: true, text: 'Closed' });
    expect((await api(org.token, 'GET', '/api/v1/automation/settings')).json().settings.greeting).toEqual({ enabled: false, text: '', quietHours: 24 });
  });
});
