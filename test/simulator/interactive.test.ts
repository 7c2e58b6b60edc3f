import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNTS, call, json, startHarness, type Harness } from './helpers.ts';

/**
 * The simulator takes the interactive sends each platform takes and refuses the rest with the
 * platform's error shape (WhatsApp: 131009 with the reason in error_data.details; Graph: 100),
 * and a simulated tap answers with the choice the business offered.
 */

let h: Harness;
let graph: string;
beforeAll(async () => {
  h = await startHarness();
  graph = `${h.sim.baseUrls.metaGraph}/v25.0`;
});
afterAll(async () => h.close());
beforeEach(() => {
  h.sim.reset();
  h.receiver.requests.length = 0;
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test payload inspection
const wa = ACCOUNTS.whatsapp;
const customer = '5511987654321';
const sendWa = (interactive: Json) =>
  call(`${graph}/${wa.accountId}/messages`, json({ messaging_product: 'whatsapp', to: customer, type: 'interactive', interactive }, { authorization: `Bearer ${wa.accessToken}` }));
const waError = (res: { body: unknown }) => (res.body as Json).error as Json;
const buttons = (...titles: string[]) => ({ type: 'button', body: { text: 'Which colour?' }, action: { buttons: titles.map((t, i) => ({ type: 'reply', reply: { id: `C${i}`, title: t } })) } });
const list = (rows: Json[], extra: Json = {}) => ({ type: 'list', body: { text: 'Pick a size' }, action: { button: 'Sizes', sections: [{ title: 'Sizes', rows }] }, ...extra });
const row = (i: number, extra: Json = {}) => ({ id: `S${i}`, title: `Size ${i}`, ...extra });

describe('WhatsApp interactive sends', () => {
  beforeEach(async () => {
    await h.sim.customers.send('whatsapp', { accountId: wa.accountId, customer: { id: customer, name: 'Ana' }, text: 'oi' });
  });

  it('takes 3 reply buttons and 10 list rows; a tap answers button_reply / list_reply with the offered title and the message as context', async () => {
    const sent = await sendWa(buttons('Blue', 'Red', 'Green'));
    expect(sent.status).toBe(200);
    const wamid = (sent.body as Json).messages[0].id as string;
    h.receiver.requests.length = 0;
    await h.sim.customers.send('whatsapp', { accountId: wa.accountId, customer: { id: customer }, kind: 'interactive', replyTo: wamid, payload: 'C1' });
    const tap = JSON.parse(h.receiver.requests[0]!.body.toString()).entry[0].changes[0].value.messages[0];
    expect(tap).toMatchObject({ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'C1', title: 'Red' } }, context: { id: wamid } });

    const listed = await sendWa(list(Array.from({ length: 10 }, (_, i) => row(i, { description: 'd'.repeat(72) }))));
    expect(listed.status).toBe(200);
    h.receiver.requests.length = 0;
    await h.sim.customers.send('whatsapp', { accountId: wa.accountId, customer: { id: customer }, kind: 'interactive', replyTo: (listed.body as Json).messages[0].id, text: 'Size 4' });
    const picked = JSON.parse(h.receiver.requests[0]!.body.toString()).entry[0].changes[0].value.messages[0];
    expect(picked.interactive).toEqual({ type: 'list_reply', list_reply: { id: 'S4', title: 'Size 4', description: 'd'.repeat(72) } });
  });

  it.each([
    ['four buttons', buttons('A', 'B', 'C', 'D'), 'Invalid buttons count. Min allowed buttons: 1, Max allowed buttons: 3'],
    ['a 21-character title', buttons('x'.repeat(21)), 'Button title length invalid. Min length: 1, Max length: 20'],
    ['two buttons with one title', buttons('Blue', 'Blue'), 'Duplicate button title: Blue. Button titles must be unique'],
    [
      'two buttons with one id',
      {
        ...buttons(),
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'X', title: 'A' } },
            { type: 'reply', reply: { id: 'X', title: 'B' } },
          ],
        },
      },
      'Duplicate button id: X. Button ids must be unique',
    ],
    ['eleven rows', list(Array.from({ length: 11 }, (_, i) => row(i))), 'Total row count exceed max allowed count: 10'],
    ['a 25-character row title', list([{ id: 'a', title: 'y'.repeat(25) }]), 'Row title length invalid. Min length: 1, Max length: 24'],
    ['a 73-character description', list([row(1, { description: 'z'.repeat(73) })]), 'Row description length invalid. Min length: 0, Max length: 72'],
    [
      'a 21-character list button',
      { ...list([row(1)]), action: { button: 'b'.repeat(21), sections: [{ rows: [row(1)] }] } },
      "interactive['action']['button'] length invalid. Min length: 1, Max length: 20",
    ],
    ['a body over 1024', { ...buttons('A'), body: { text: 'é'.repeat(1025) } }, 'Body text length invalid. Min length: 1, Max length: 1024'],
  ])('refuses %s with 131009 and the reason', async (_, interactive, details) => {
    const res = await sendWa(interactive);
    expect(res.status).toBe(400);
    expect(waError(res)).toMatchObject({ code: 131009, message: '(#131009) Parameter value is not valid', error_data: { messaging_product: 'whatsapp', details } });
  });

  it('counts code points: 20 emoji fit a button title', async () => {
    expect((await sendWa(buttons('😀'.repeat(20)))).status).toBe(200);
  });
});

describe('Messenger and Instagram quick replies', () => {
  const page = ACCOUNTS.messenger;
  const psid = '7392015648120394';
  const send = (message: Json) => call(`${graph}/${page.accountId}/messages?access_token=${page.accessToken}`, json({ recipient: { id: psid }, messaging_type: 'RESPONSE', message }));
  const qr = (n: number, extra: Json = {}) => Array.from({ length: n }, (_, i) => ({ content_type: 'text', title: `Q${i}`, payload: `P${i}`, ...extra }));
  beforeEach(async () => {
    await h.sim.customers.send('messenger', { accountId: page.accountId, customer: { id: psid, name: 'Ana' }, text: 'hello' });
  });

  it('takes 13; refuses 14, a missing payload and a payload over 1000 characters with Graph error 100', async () => {
    expect((await send({ text: 'Pick', quick_replies: qr(13) })).status).toBe(200);
    for (const [message, text] of [
      [{ text: 'Pick', quick_replies: qr(14) }, 'must have at most 13 items'],
      [{ text: 'Pick', quick_replies: [{ content_type: 'text', title: 'A' }] }, 'payload] is required'],
      [{ text: 'Pick', quick_replies: qr(1, { payload: 'p'.repeat(1001) }) }, 'must be less than or equal to 1000'],
    ] as const) {
      const res = await send(message);
      expect(res.status).toBe(400);
      expect(waError(res)).toMatchObject({ code: 100, message: expect.stringContaining(text) });
    }
  });

  it('cuts a title over 20 characters, as Meta does, rather than refusing it', async () => {
    const res = await send({ text: 'Pick', quick_replies: qr(1, { title: 'A very long quick reply title' }) });
    expect(res.status).toBe(200);
    const stored = h.sim.message((res.body as Json).message_id) as { data?: Json } | undefined;
    expect((stored?.data?.['quickReplies'] as Json[])[0]).toMatchObject({ title: 'A very long quick re', payload: 'P0' });
  });
});

describe('Twilio Content API for session choices', () => {
  const tw = ACCOUNTS.twilio;
  const auth = { authorization: `Basic ${Buffer.from(`${tw.accountId}:${tw.accessToken}`).toString('base64')}` };
  const content = (types: Json) => call(`${h.sim.baseUrls.twilio}/v1/Content`, json({ friendly_name: 'reply', language: 'en', types }, auth));

  it('creates quick-reply and list-picker content (201, an HX sid) and refuses what Twilio refuses with 20422', async () => {
    const ok = await content({ 'twilio/quick-reply': { body: 'Which?', actions: [{ title: 'Blue', id: 'B' }] } });
    expect(ok.status).toBe(201);
    expect((ok.body as Json).sid).toMatch(/^HX[0-9a-f]{32}$/);
    for (const types of [
      { 'twilio/quick-reply': { body: 'Which?', actions: [{ title: 'x'.repeat(21), id: 'B' }] } },
      { 'twilio/quick-reply': { body: 'Which?', actions: Array.from({ length: 11 }, (_, i) => ({ title: `T${i}`, id: `I${i}` })) } },
      { 'twilio/list-picker': { body: 'Which?', button: 'Open', items: [{ item: 'Small', id: 'S' }] } },
      { 'twilio/list-picker': { body: 'Which?', button: 'Open', items: [{ item: 'y'.repeat(25), id: 'S', description: 'd' }] } },
    ]) {
      const res = await content(types);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 20422, status: 400, message: expect.any(String) });
    }
  });
});
