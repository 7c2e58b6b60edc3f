import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../src/core/accounts/users.ts';
import type { RecordedCall } from '../../../src/simulator/index.ts';
import { textLength } from '../../../src/text/text-limits.ts';
import { channelOf } from '../../../src/channels/registry.ts';
import { createTestApp } from '../../helpers/test-app.ts';
import { startSandboxedSnorq, type SandboxedSnorq } from '../../helpers/sandboxed-snorq.ts';

/**
 * The language model through the simulator's OpenAI-compatible endpoint over real HTTP: the
 * organisation's switches decide what the prompt holds; a draft streams to the client in pieces
 * and is cut to the platform's limit; a slow, failing, refusing or garbage-answering model falls
 * back to the offline suggestions with the reason; summaries and translations; nothing is sent.
 */
let s: SandboxedSnorq;
const TIMEOUT_MS = 300;
beforeAll(async () => {
  s = await startSandboxedSnorq({ autoReceipts: false, env: (sim) => ({ AI_BASE_URL: `${sim.url}/v1`, AI_MODEL: 'sim-model', AI_API_KEY: 'test-key', AI_TIMEOUT_MS: String(TIMEOUT_MS) }) });
});
afterAll(async () => s?.close());

/** An answer's body, read loosely: the assertions say what it must hold. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (res: Response): Promise<any> => res.json();

let seq = 0;
async function customerWrites(text: string, customer = `ai${++seq}x${Date.now()}`, name = `Customer ${seq}`): Promise<number> {
  const sent = await s.simulator.customers.send('messenger', { accountId: s.account('messenger').accountId, customer: { id: customer, name }, text });
  expect(sent.status).toBe(200);
  return (await s.snorq.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', sent.externalId!).executeTakeFirstOrThrow()).conversation_id;
}
const settings = (change: Record<string, boolean>, token = s.token) =>
  fetch(`${s.snorq.url}/api/v1/ai/settings`, { method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(change) });

interface SseEvent {
  type: string;
  text?: string;
  cut?: boolean;
  reason?: string;
  suggestions?: { text: string }[];
}

/** Reads `event:`/`data:` blocks as they arrive; `next()` resolves with the next whole event. */
function eventReader(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return async function next(): Promise<SseEvent | null> {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^data: (.*)$/m.exec(block)?.[1];
        const name = /^event: (.*)$/m.exec(block)?.[1];
        const event = JSON.parse(data!) as SseEvent;
        expect(event.type).toBe(name);
        return event;
      }
      const { value, done } = await reader.read();
      if (done) return null;
      buffer += decoder.decode(value, { stream: true });
    }
  };
}
const askDraft = (conversationId: number) => s.api(`/api/v1/conversations/${conversationId}/ai/draft`, { method: 'POST' });
async function draftEvents(conversationId: number): Promise<SseEvent[]> {
  const res = await askDraft(conversationId);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const next = eventReader(res);
  const events: SseEvent[] = [];
  for (let e = await next(); e; e = await next()) events.push(e);
  return events;
}
const modelCalls = (): RecordedCall[] => s.simulator.recorded.list().filter((c) => c.path === '/v1/chat/completions');
const lastPrompt = () => JSON.stringify(modelCalls().at(-1)?.body);
const sends = () => s.simulator.recorded.list().filter((c) => c.method === 'POST' && c.path.endsWith('/messages')).length;

describe('language model settings', () => {
  it('is off by default; drafts are refused until an admin turns it on; agents cannot', async () => {
    const got = await json(await s.api('/api/v1/ai/settings'));
    expect(got.settings).toMatchObject({ available: true, model: 'sim-model', enabled: false, shareMessageText: false });
    const conversation = await customerWrites('hello there');
    const refused = await askDraft(conversation);
    expect(refused.status).toBe(409);
    expect((await json(refused)).error.details.aiReason).toBe('not_enabled');

    await createUser(s.snorq.ctx.db, { organizationId: s.organizationId, email: 'agent-ai@sandbox.test', name: 'Agent Two', role: 'agent', password: 'agent password 12' });
    const login = await fetch(`${s.snorq.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'agent-ai@sandbox.test', password: 'agent password 12' }),
    });
    expect((await settings({ enabled: true }, (await json(login)).token)).status).toBe(403);

    const on = await settings({ enabled: true });
    expect(on.status).toBe(200);
    expect((await json(on)).settings).toMatchObject({ enabled: true, shareMessageText: false });
  });

  it('each switch that changes leaves an audit entry (who, from, to); a change to the same value leaves none', async () => {
    const audit = async () => (await json(await s.api('/api/v1/audit-log?action=ai-settings.updated'))).entries as { actorUserId: number | null; details: Record<string, unknown> }[];
    const before = (await audit()).length;
    expect((await settings({ shareMessageText: true })).status).toBe(200);
    const [latest] = await audit();
    expect(latest).toMatchObject({ details: { shareMessageText: { from: false, to: true } } });
    expect(latest!.actorUserId).toEqual(expect.any(Number));
    expect((await settings({ shareMessageText: true })).status).toBe(200);
    expect((await settings({ shareMessageText: false, enabled: false })).status).toBe(200);
    const entries = await audit();
    expect(entries.length).toBe(before + 2);
    expect(entries[0]!.details).toEqual({ shareMessageText: { from: true, to: false }, enabled: { from: true, to: false } });
    // Leave the model on for the tests after this one.
    expect((await settings({ enabled: true })).status).toBe(200);
  });

  it('cannot be turned on where no model is configured (refused beside the switch)', async () => {
    const t = await createTestApp();
    try {
      const org = await t.newOrganization();
      const get = await t.app.inject({ url: '/api/v1/ai/settings', headers: { authorization: `Bearer ${org.token}` } });
      expect(get.json().settings).toMatchObject({ available: false, enabled: false });
      const patch = await t.app.inject({ method: 'PATCH', url: '/api/v1/ai/settings', headers: { authorization: `Bearer ${org.token}` }, payload: { enabled: true } });
      expect(patch.statusCode).toBe(400);
      expect(patch.json().error.details.issues[0].path).toBe('/enabled');
    } finally {
      await t.close();
    }
  });
});

describe('drafts', () => {
  let asking: number;
  const PAST_ANSWER = 'Your parcel leaves our warehouse within two days.';
  const CANNED = 'Parcels can be tracked at https://shop.example/track';
  beforeAll(async () => {
    const earlier = await customerWrites('where is my parcel please');
    expect((await s.api('/api/messages', { json: { conversationId: earlier, content: PAST_ANSWER } })).status).toBe(201);
    await s.snorq.ctx.db.insertInto('canned_responses').values({ organization_id: s.organizationId, shortcut: 'parcel-tracking', content: CANNED }).execute();
    asking = await customerWrites('PRIVATE-WORDS where is my parcel', `asker${Date.now()}`, 'Rosalind Asker');
    expect((await s.api('/api/messages', { json: { conversationId: asking, content: 'NOTE-ONLY-FOR-AGENTS', privateNote: true } })).status).toBe(201);
  });

  it('without shared message text, the prompt holds the canned responses and no message text', async () => {
    await settings({ enabled: true, shareMessageText: false });
    const sentBefore = sends();
    const events = await draftEvents(asking);
    const prompt = lastPrompt();
    expect(prompt).toContain(CANNED);
    for (const secret of ['PRIVATE-WORDS', 'Rosalind', PAST_ANSWER, 'NOTE-ONLY-FOR-AGENTS']) expect(prompt).not.toContain(secret);
    expect(modelCalls().at(-1)?.headers.authorization).toBe('Bearer test-key');
    const done = events.at(-1)!;
    expect(done).toMatchObject({ type: 'done', text: `Thanks for your message! ${CANNED}`, cut: false });
    expect(
      events
        .filter((e) => e.type === 'delta')
        .map((e) => e.text)
        .join(''),
    ).toBe(done.text);
    // A draft is never sent by itself.
    expect(sends()).toBe(sentBefore);
  });

  it('with shared message text, the prompt holds the thread and the team’s past answers, never private notes', async () => {
    await settings({ shareMessageText: true });
    await draftEvents(asking);
    const prompt = lastPrompt();
    expect(prompt).toContain('PRIVATE-WORDS where is my parcel');
    expect(prompt).toContain(PAST_ANSWER);
    expect(prompt).toContain('Rosalind');
    expect(prompt).not.toContain('NOTE-ONLY-FOR-AGENTS');
  });

  it('reaches the client in pieces while the model is still writing', async () => {
    s.simulator.languageModel.set('pause');
    const res = await askDraft(asking);
    const next = eventReader(res);
    const first = await next();
    expect(first?.type).toBe('delta');
    // The model holds the rest of its answer: the client already has the first piece.
    expect(s.simulator.languageModel.heldCount()).toBe(1);
    s.simulator.languageModel.release();
    const rest: SseEvent[] = [];
    for (let e = await next(); e; e = await next()) rest.push(e);
    const done = rest.at(-1)!;
    expect(done.type).toBe('done');
    expect(
      first!.text! +
        rest
          .filter((e) => e.type === 'delta')
          .map((e) => e.text)
          .join(''),
    ).toBe(done.text);
  });

  it('falls back to the offline suggestions with the reason when the model is too slow, fails, refuses or answers garbage', async () => {
    for (const [mode, reason] of [
      ['slow', 'timeout'],
      ['error', 'error'],
      ['rate_limit', 'error'],
      ['refuse', 'refused'],
      ['garbage', 'garbage'],
    ] as const) {
      s.simulator.languageModel.set(mode);
      const events = await draftEvents(asking);
      const last = events.at(-1)!;
      expect(last, mode).toMatchObject({ type: 'fallback', reason });
      expect(last.suggestions!.map((x) => x.text)).toEqual(expect.arrayContaining([PAST_ANSWER, CANNED]));
      s.simulator.languageModel.release();
    }
  });

  it('cuts a draft longer than the platform takes to its limit', async () => {
    s.simulator.languageModel.set('long');
    const done = (await draftEvents(asking)).at(-1)!;
    const limit = channelOf('messenger').policy.textLimit;
    expect(done).toMatchObject({ type: 'done', cut: true });
    expect(textLength(done.text!, limit.unit)).toBeLessThanOrEqual(limit.max);
    expect(textLength(done.text!, limit.unit)).toBeGreaterThan(limit.max * 0.8);
  });

  it('answers 404 for another organisation’s conversation, before any model call', async () => {
    const calls = modelCalls().length;
    const res = await askDraft(999_999);
    expect(res.status).toBe(404);
    expect(modelCalls().length).toBe(calls);
  });
});

describe('summaries and translations', () => {
  let conversation: number;
  beforeAll(async () => {
    const customer = `es${Date.now()}`;
    conversation = await customerWrites('hola, dónde está mi pedido', customer, 'Lucía');
    await customerWrites('gracias', customer, 'Lucía');
  });

  it('summarises the conversation in the agent’s language only when message text is shared', async () => {
    await settings({ enabled: true, shareMessageText: false });
    const refused = await s.api(`/api/v1/conversations/${conversation}/ai/summary`, { json: {} });
    expect(refused.status).toBe(409);
    expect((await json(refused)).error.details.aiReason).toBe('text_not_shared');
    await settings({ shareMessageText: true });
    const res = await s.api(`/api/v1/conversations/${conversation}/ai/summary`, { json: { language: 'de' } });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.summary).toContain('The customer wrote 2 message(s)');
    expect(lastPrompt()).toContain('in German');
  });

  it('translates the customer’s messages into the agent’s language, each to its message', async () => {
    const res = await s.api(`/api/v1/conversations/${conversation}/ai/translate`, { json: { what: 'messages', language: 'de' } });
    expect(res.status).toBe(200);
    const body = await json(res);
    const ids = (await s.snorq.ctx.db.selectFrom('messages').select('id').where('conversation_id', '=', conversation).orderBy('id').execute()).map((m) => m.id);
    expect(body.translations).toEqual([
      { messageId: ids[0], text: '(German) hola, dónde está mi pedido' },
      { messageId: ids[1], text: '(German) gracias' },
    ]);
  });

  it('translates the agent’s draft into the customer’s detected language, or a named one; a failure is a 502 with the reason', async () => {
    const detected = await json(await s.api(`/api/v1/conversations/${conversation}/ai/translate`, { json: { what: 'draft', text: 'Your order is on its way.' } }));
    expect(detected).toMatchObject({ text: '(Spanish) Your order is on its way.', cut: false });
    const named = await json(await s.api(`/api/v1/conversations/${conversation}/ai/translate`, { json: { what: 'draft', text: 'Hello', language: 'fr' } }));
    expect(named.text).toBe('(French) Hello');
    s.simulator.languageModel.set('slow');
    const slow = await s.api(`/api/v1/conversations/${conversation}/ai/translate`, { json: { what: 'draft', text: 'Hello', language: 'fr' } });
    s.simulator.languageModel.release();
    expect(slow.status).toBe(502);
    expect((await json(slow)).error.details.aiReason).toBe('timeout');
  });

  it('refuses a bad request beside its field', async () => {
    const res = await s.api(`/api/v1/conversations/${conversation}/ai/translate`, { json: { what: 'draft', text: '   ' } });
    expect(res.status).toBe(400);
  });
});
