import twilio from 'twilio';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CONTENT_TEMPLATES } from '../../src/simulator/twilio/content-templates.ts';
import { ACCOUNTS, basic, call, startHarness, type Harness } from './helpers.ts';

let h: Harness;
let messagesUrl: string;
beforeAll(async () => {
  h = await startHarness();
  messagesUrl = `${h.sim.baseUrls.twilio}/2010-04-01/Accounts/${ACCOUNTS.twilio.accountId}/Messages.json`;
});
afterAll(async () => h.close());
beforeEach(() => {
  h.sim.reset();
  h.receiver.requests.length = 0;
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test payload inspection
const tw = ACCOUNTS.twilio;
const auth = basic(tw.accountId, tw.accessToken);
const customer = '+5511987654321';
const statusCallback = (): string => `${h.receiver.url}/api/v1/webhooks/twilio/status?channel=42`;
const create = (params: Record<string, string | string[]>, authorization = auth): ReturnType<typeof call> => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const value of [v].flat()) body.append(k, value);
  return call(messagesUrl, { method: 'POST', headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
};
const customerWrote = (agoMs = 0): ReturnType<typeof h.sim.customers.send> =>
  h.sim.customers.send('twilio', { accountId: tw.accountId, customer: { id: customer, name: 'Ana' }, text: 'oi', timestamp: Date.now() - agoMs });

describe('Twilio Messages API', () => {
  it('creates a message: 201 with the Message resource, status queued', async () => {
    await customerWrote();
    const res = await create({ To: `whatsapp:${customer}`, From: tw.sender, Body: 'Yes, we have it in blue.' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      account_sid: tw.accountId,
      api_version: '2010-04-01',
      body: 'Yes, we have it in blue.',
      direction: 'outbound-api',
      status: 'queued',
      from: tw.sender,
      to: `whatsapp:${customer}`,
      error_code: null,
      num_media: '0',
      sid: expect.stringMatching(/^SM[0-9a-f]{32}$/),
    });
    expect((res.body as Json).uri).toBe(`/2010-04-01/Accounts/${tw.accountId}/Messages/${(res.body as Json).sid}.json`);
    expect((res.body as Json).date_created).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    const media = await create({ To: `whatsapp:${customer}`, From: tw.sender, MediaUrl: 'https://cdn.example.com/blue.jpg', Body: 'caption' });
    expect((media.body as Json).sid).toMatch(/^MM/);
  });

  it('requires HTTP Basic AccountSid:AuthToken (20003) and answers Twilio error JSON', async () => {
    const none = await call(messagesUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'To=x' });
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ code: 20003, status: 401, more_info: 'https://www.twilio.com/docs/errors/20003', message: expect.any(String) });
    expect((await create({ To: `whatsapp:${customer}` }, basic(tw.accountId, 'wrong'))).status).toBe(401);
    expect((await create({ From: tw.sender, Body: 'x' })).body).toMatchObject({ code: 21604, status: 400 });
    expect((await create({ To: `whatsapp:${customer}`, From: tw.sender })).body).toMatchObject({ code: 21602 });
    expect((await create({ To: `whatsapp:${customer}`, From: tw.sender, Body: 'x'.repeat(1601) })).body).toMatchObject({ code: 21617 });
    expect((await create({ To: customer, From: tw.sender, Body: 'x' })).body).toMatchObject({ code: 21910 });
    expect((await create({ To: `whatsapp:${customer}`, From: 'whatsapp:+10000000000', Body: 'x' })).body).toMatchObject({ code: 63007 });
  });

  it('fails free-form outside 24 h asynchronously: undelivered 63016 on the signed StatusCallback', async () => {
    await customerWrote(25 * 3600_000);
    h.receiver.requests.length = 0;
    const res = await create({ To: `whatsapp:${customer}`, From: tw.sender, Body: 'late', StatusCallback: statusCallback() });
    expect(res.status).toBe(201);
    const cb = await h.receiver.waitFor((r) => r.url.startsWith('/api/v1/webhooks/twilio/status'));
    const params = Object.fromEntries(new URLSearchParams(cb.body.toString()));
    expect(params).toMatchObject({ MessageSid: (res.body as Json).sid, MessageStatus: 'undelivered', ErrorCode: '63016', AccountSid: tw.accountId, To: `whatsapp:${customer}`, From: tw.sender });
    expect(twilio.validateRequest(tw.accessToken, String(cb.headers['x-twilio-signature']), statusCallback(), params)).toBe(true);
    const fetched = await call(`${h.sim.baseUrls.twilio}/2010-04-01/Accounts/${tw.accountId}/Messages/${(res.body as Json).sid}.json`, { headers: { authorization: auth } });
    expect(fetched.body).toMatchObject({ status: 'undelivered', error_code: 63016 });
  });

  it('sends templates by ContentSid outside the window', async () => {
    const template = CONTENT_TEMPLATES[0];
    const res = await create({ To: `whatsapp:${customer}`, From: tw.sender, ContentSid: template?.sid ?? '', ContentVariables: JSON.stringify({ 1: 'Ana', 2: '#1042' }) });
    expect(res.status).toBe(201);
    expect((res.body as Json).body).toBe('Hi Ana, your order #1042 has shipped and is on its way.');
    expect((await create({ To: `whatsapp:${customer}`, From: tw.sender, ContentSid: 'HX00000000000000000000000000000000' })).body).toMatchObject({ code: 21655 });
    expect((await create({ To: `whatsapp:${customer}`, From: tw.sender, ContentSid: template?.sid ?? '', ContentVariables: '{nope' })).body).toMatchObject({ code: 21656 });
  });

  it('checks ContentVariables as Twilio does: a variable left out takes its default, null or "" is 21656', async () => {
    const sid = CONTENT_TEMPLATES[0]!.sid;
    const to = `whatsapp:${customer}`;
    // Twilio sends the template's sample value for a variable the request leaves out
    const partial = await create({ To: to, From: tw.sender, ContentSid: sid, ContentVariables: JSON.stringify({ 1: 'Bruno' }) });
    expect(partial.status).toBe(201);
    expect((partial.body as Json).body).toBe('Hi Bruno, your order #1042 has shipped and is on its way.');
    expect((await create({ To: to, From: tw.sender, ContentSid: sid, ContentVariables: JSON.stringify({ 1: 'Ana', 2: '' }) })).body).toMatchObject({
      code: 21656,
      message: 'The ContentVariables Parameter is invalid.',
      status: 400,
    });
    expect((await create({ To: to, From: tw.sender, ContentSid: sid, ContentVariables: JSON.stringify({ 1: null }) })).body).toMatchObject({ code: 21656 });
    expect((await create({ To: to, From: tw.sender, ContentVariables: JSON.stringify({ 1: 'Ana' }), Body: 'x' })).body).toMatchObject({ code: 21654 });
    // a named variable
    const named = CONTENT_TEMPLATES.find((t) => t.friendlyName === 'appointment_named')!;
    expect((await create({ To: to, From: tw.sender, ContentSid: named.sid, ContentVariables: JSON.stringify({ first_name: 'Ana', time: '9:00' }) })).body).toMatchObject({
      body: 'Hi Ana, see you at 9:00.',
    });
  });

  it('lists Content templates with their variables, types and WhatsApp approval (content.twilio.com)', async () => {
    const res = await call(`${h.sim.baseUrls.twilio}/v1/ContentAndApprovals?PageSize=2`, { headers: { authorization: auth } });
    expect(res.status).toBe(200);
    const page = res.body as Json;
    expect(page.contents).toHaveLength(2);
    expect(page.contents[0]).toMatchObject({
      sid: CONTENT_TEMPLATES[0]!.sid,
      friendly_name: 'order_update',
      language: 'en',
      variables: { 1: 'Ana', 2: '#1042' },
      types: { 'twilio/text': { body: 'Hi {{1}}, your order {{2}} has shipped and is on its way.' } },
      approval_requests: { name: 'order_update', category: 'UTILITY', status: 'approved' },
    });
    expect(page.meta.next_page_url).toMatch(/PageToken=/);
    const plain = await call(`${h.sim.baseUrls.twilio}/v1/Content`, { headers: { authorization: auth } });
    expect((plain.body as Json).contents[0].approval_requests).toBeUndefined();
    expect((await call(`${h.sim.baseUrls.twilio}/v1/Content`, { headers: { authorization: basic(tw.accountId, 'wrong') } })).status).toBe(401);
  });

  it('posts sent, delivered, read status callbacks with autoReceipts', async () => {
    const other = await startHarness({ autoReceipts: true });
    try {
      await other.sim.customers.send('twilio', { accountId: tw.accountId, customer: { id: customer }, text: 'oi' });
      const cbUrl = `${other.receiver.url}/status`;
      const body = new URLSearchParams({ To: `whatsapp:${customer}`, MessagingServiceSid: 'MG0123456789abcdef0123456789abcdef', Body: 'hello', StatusCallback: cbUrl });
      const res = await call(`${other.sim.baseUrls.twilio}/2010-04-01/Accounts/${tw.accountId}/Messages.json`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
      });
      expect(res.status).toBe(201);
      await other.receiver.waitFor((r) => r.url === '/status' && r.body.toString().includes('MessageStatus=read'));
      const callbacks = other.receiver.requests.filter((r) => r.url === '/status').map((r) => Object.fromEntries(new URLSearchParams(r.body.toString())));
      expect(callbacks.map((c) => c.MessageStatus)).toEqual(['sent', 'delivered', 'read']);
      expect(callbacks[2]).toMatchObject({ EventType: 'READ', ChannelPrefix: 'whatsapp', MessagingServiceSid: 'MG0123456789abcdef0123456789abcdef' });
      for (const r of other.receiver.requests.filter((x) => x.url === '/status')) {
        expect(twilio.validateRequest(tw.accessToken, String(r.headers['x-twilio-signature']), cbUrl, Object.fromEntries(new URLSearchParams(r.body.toString())))).toBe(true);
      }
    } finally {
      await other.close();
    }
  });

  it('lists the message log newest first with PageSize, DateSent filters and relative next_page_uri', async () => {
    await customerWrote();
    for (const text of ['one', 'two', 'three']) await create({ To: `whatsapp:${customer}`, From: tw.sender, Body: text });
    const today = new Date().toISOString().slice(0, 10);
    const first = await call(`${messagesUrl}?PageSize=2&DateSent%3E=${today}`, { headers: { authorization: auth } });
    const body = first.body as Json;
    expect(body.messages.map((m: Json) => m.body)).toEqual(['three', 'two']);
    expect(body.page_size).toBe(2);
    expect(body.next_page_uri).toMatch(/^\/2010-04-01\/Accounts\/AC0+\/Messages\.json\?/);
    const next = await call(`${h.sim.baseUrls.twilio}${body.next_page_uri}`, { headers: { authorization: auth } });
    expect((next.body as Json).messages.map((m: Json) => [m.body, m.direction])).toEqual([
      ['one', 'outbound-api'],
      ['oi', 'inbound'],
    ]);
    expect((next.body as Json).next_page_uri).toBeNull();
    const none = await call(`${messagesUrl}?DateSent%3C=2020-01-01`, { headers: { authorization: auth } });
    expect((none.body as Json).messages).toEqual([]);
  });
});
