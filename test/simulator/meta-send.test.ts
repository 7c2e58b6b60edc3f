import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNTS, call, json, startHarness, type Harness } from './helpers.ts';

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
const HOUR = 3600_000;
const page = ACCOUNTS.messenger;
const ig = ACCOUNTS.instagram;
const psid = '7392015648120394';
const customerWrote = (platform: 'messenger' | 'instagram', accountId: string, id: string, agoMs = 0): Promise<unknown> =>
  h.sim.customers.send(platform, { accountId, customer: { id, name: 'Ana Souza' }, text: 'hello', timestamp: Date.now() - agoMs });
const sendText = (text: string, extra: Json = {}, token = page.accessToken): ReturnType<typeof call> =>
  call(`${graph}/${page.accountId}/messages?access_token=${token}`, json({ recipient: { id: psid }, messaging_type: 'RESPONSE', message: { text }, ...extra }));
const error = (body: unknown): Json => (body as Json).error as Json;

describe('Messenger Send API', () => {
  it('answers { recipient_id, message_id } and records the call', async () => {
    await customerWrote('messenger', page.accountId, psid);
    const res = await sendText('Yes, we have it in M.');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ recipient_id: psid, message_id: expect.stringMatching(/^m_/) });
    const rec = h.sim.recorded.last({ platform: 'messenger', method: 'POST' });
    expect(rec?.path).toBe(`/graph/v25.0/${page.accountId}/messages`);
    expect(rec?.body).toMatchObject({ recipient: { id: psid }, message: { text: 'Yes, we have it in M.' } });
    expect(rec?.status).toBe(200);
  });

  it('refuses text over 2000 characters (an emoji is one) as Graph does; Instagram counts 1000 bytes', async () => {
    await customerWrote('messenger', page.accountId, psid);
    expect((await sendText('😀'.repeat(2000))).status).toBe(200);
    const over = await sendText('😀'.repeat(2001));
    expect(over.status).toBe(400);
    expect(error(over.body)).toMatchObject({ code: 100, message: '(#100) Length of param message[text] must be less than or equal to 2000' });
    await customerWrote('instagram', ig.accountId, 'igsid-len');
    const igSend = (text: string) => call(`${graph}/me/messages?access_token=${ig.accessToken}`, json({ recipient: { id: 'igsid-len' }, message: { text } }));
    expect((await igSend('😀'.repeat(250))).status).toBe(200);
    const igOver = await igSend(`${'😀'.repeat(249)}ééa`);
    expect(igOver.status).toBe(400);
    expect(error(igOver.body)).toMatchObject({ code: 100, message: '(#100) Length of param message[text] must be less than or equal to 1000' });
  });

  it('accepts /me/messages, a Bearer header, and form-encoded bodies with JSON-string values', async () => {
    await customerWrote('messenger', page.accountId, psid);
    const me = await call(`${graph}/me/messages`, json({ recipient: { id: psid }, message: { text: 'hi' } }, { authorization: `Bearer ${page.accessToken}` }));
    expect(me.status).toBe(200);
    const form = await call(`${graph}/${page.accountId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ access_token: page.accessToken, recipient: JSON.stringify({ id: psid }), message: JSON.stringify({ text: 'hi' }), messaging_type: 'RESPONSE' }).toString(),
    });
    expect(form.status).toBe(200);
  });

  it('enforces auth the Graph way: 104 without a token, 190 for an unknown one', async () => {
    await customerWrote('messenger', page.accountId, psid);
    const none = await call(`${graph}/${page.accountId}/messages`, json({ recipient: { id: psid }, message: { text: 'x' } }));
    expect(none.status).toBe(400);
    expect(error(none.body)).toMatchObject({ code: 104, type: 'OAuthException', fbtrace_id: expect.any(String) });
    const bad = await sendText('x', {}, 'nope');
    expect(error(bad.body)).toMatchObject({ code: 190, type: 'OAuthException' });
    const other = await sendText('x', {}, ACCOUNTS.whatsapp.accessToken);
    expect(error(other.body)).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it('validates the body: recipient, messaging_type, dead tags, 2000 chars, attachments', async () => {
    await customerWrote('messenger', page.accountId, psid);
    expect(error((await call(`${graph}/${page.accountId}/messages?access_token=${page.accessToken}`, json({ message: { text: 'x' } }))).body).code).toBe(100);
    expect(error((await sendText('x', { messaging_type: 'SHOUT' })).body).message).toMatch(/messaging_type/);
    expect(error((await sendText('x', { messaging_type: 'MESSAGE_TAG', tag: 'ACCOUNT_UPDATE' })).body)).toMatchObject({ code: 100, message: expect.stringMatching(/no longer supported/) });
    expect(error((await sendText('a'.repeat(2001))).body)).toMatchObject({ code: 100, message: '(#100) Length of param message[text] must be less than or equal to 2000' });
    expect((await sendText('😀'.repeat(2000))).status).toBe(200);
    const attach = await call(
      `${graph}/${page.accountId}/messages?access_token=${page.accessToken}`,
      json({ recipient: { id: psid }, messaging_type: 'RESPONSE', message: { attachment: { type: 'image', payload: { url: 'https://cdn.example.com/a.jpg', is_reusable: true } } } }),
    );
    expect(attach.body).toMatchObject({ recipient_id: psid, message_id: expect.any(String), attachment_id: expect.any(String) });
    const badType = await call(
      `${graph}/${page.accountId}/messages?access_token=${page.accessToken}`,
      json({ recipient: { id: psid }, message: { attachment: { type: 'gif', payload: { url: 'https://x/y' } } } }),
    );
    expect(error(badType.body).code).toBe(100);
    const unknown = await call(`${graph}/${page.accountId}/messages?access_token=${page.accessToken}`, json({ recipient: { id: 'stranger' }, message: { text: 'x' } }));
    expect(error(unknown.body)).toMatchObject({ code: 100, error_subcode: 2018001 });
  });

  it('enforces the 24 h window (10/2018278) and lets HUMAN_AGENT through for 7 days', async () => {
    await customerWrote('messenger', page.accountId, psid, 25 * HOUR);
    const closed = await sendText('late');
    expect(closed.status).toBe(400);
    expect(error(closed.body)).toMatchObject({ code: 10, error_subcode: 2018278, type: 'OAuthException' });
    const tagged = await sendText('late but human', { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
    expect(tagged.status).toBe(200);
    h.sim.customers.setLastMessageAt('messenger', page.accountId, psid, Date.now() - 8 * 24 * HOUR);
    expect(error((await sendText('too late', { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' })).body).error_subcode).toBe(2018278);
  });

  it('answers sender actions with { recipient_id } only', async () => {
    await customerWrote('messenger', page.accountId, psid);
    for (const action of ['mark_seen', 'typing_on', 'typing_off']) {
      const res = await call(`${graph}/${page.accountId}/messages?access_token=${page.accessToken}`, json({ recipient: { id: psid }, sender_action: action }));
      expect(res.body).toEqual({ recipient_id: psid });
    }
    const both = await call(`${graph}/${page.accountId}/messages?access_token=${page.accessToken}`, json({ recipient: { id: psid }, sender_action: 'mark_seen', message: { text: 'x' } }));
    expect(error(both.body).code).toBe(100);
  });

  it('emits delivery and read receipts (and echoes) after a send when asked to', async () => {
    const other = await startHarness({ autoReceipts: true, echoes: true });
    try {
      await other.sim.customers.send('messenger', { accountId: page.accountId, customer: { id: psid }, text: 'hi' });
      const sent = await call(
        `${other.sim.baseUrls.metaGraph}/v25.0/me/messages?access_token=${page.accessToken}`,
        json({ recipient: { id: psid }, message: { text: 'answer', metadata: 'inbox:msg:1' } }),
      );
      const mid = (sent.body as Json).message_id;
      const events = async (): Promise<Json[]> => {
        await other.receiver.waitFor((r) => JSON.parse(r.body.toString()).entry[0].messaging[0].read !== undefined);
        await other.receiver.waitFor((r) => JSON.parse(r.body.toString()).entry[0].messaging[0].message?.is_echo === true);
        return other.receiver.requests.map((r) => JSON.parse(r.body.toString()).entry[0].messaging[0] as Json);
      };
      const all = await events();
      expect(all.find((e) => e.message?.is_echo)?.message).toMatchObject({ mid, text: 'answer', metadata: 'inbox:msg:1', app_id: 1517776481860111 });
      expect(all.find((e) => e.delivery)?.delivery.mids).toEqual([mid]);
      expect(all.find((e) => e.read)?.read.watermark).toEqual(expect.any(Number));
    } finally {
      await other.close();
    }
  });
});

describe('Instagram Send API', () => {
  const igsid = '6841100000000000';
  it('sends on graph.facebook.com and graph.instagram.com with the 1000-byte limit and 10/2534022 outside the window', async () => {
    const wrote = (await customerWrote('instagram', ig.accountId, igsid)) as { externalId: string };
    const viaFb = await call(`${graph}/me/messages?access_token=${ig.accessToken}`, json({ recipient: { id: igsid }, message: { text: 'hi' } }));
    expect(viaFb.body).toEqual({ recipient_id: igsid, message_id: expect.any(String) });
    const viaIg = await call(
      `${h.sim.baseUrls.instagramGraph}/v25.0/${ig.accountId}/messages`,
      json({ recipient: { id: igsid }, message: { text: 'hi' } }, { authorization: `Bearer ${ig.accessToken}` }),
    );
    expect(viaIg.status).toBe(200);
    expect(h.sim.recorded.last({ path: '/instagram/' })?.platform).toBe('instagram');
    const tooLong = await call(`${h.sim.baseUrls.instagramGraph}/v25.0/me/messages?access_token=${ig.accessToken}`, json({ recipient: { id: igsid }, message: { text: 'é'.repeat(501) } }));
    expect(error(tooLong.body).message).toMatch(/1000/);
    const react = await call(
      `${graph}/me/messages?access_token=${ig.accessToken}`,
      json({ recipient: { id: igsid }, sender_action: 'react', payload: { message_id: wrote.externalId, reaction: 'love' } }),
    );
    expect(react.body).toEqual({ recipient_id: igsid });
    // A message the thread does not have, and a reaction other than the heart, are refused (code 100).
    const unknown = await call(`${graph}/me/messages?access_token=${ig.accessToken}`, json({ recipient: { id: igsid }, sender_action: 'react', payload: { message_id: 'm1', reaction: 'love' } }));
    expect(error(unknown.body).code).toBe(100);
    const thumbs = await call(
      `${graph}/me/messages?access_token=${ig.accessToken}`,
      json({ recipient: { id: igsid }, sender_action: 'react', payload: { message_id: wrote.externalId, reaction: 'like' } }),
    );
    expect(error(thumbs.body).message).toMatch(/LOVE/);
    const viaPageToken = await call(`${graph}/me/messages?access_token=${page.accessToken}`, json({ recipient: { id: igsid }, message: { text: 'via the Page token' } }));
    expect(viaPageToken.status).toBe(200);
    expect(h.sim.recorded.last({ method: 'POST' })?.platform).toBe('instagram');
    const viaPageId = await call(`${graph}/${page.accountId}/messages?access_token=${ig.accessToken}`, json({ recipient: { id: igsid }, message: { text: 'via the Page id' } }));
    expect(viaPageId.status).toBe(200);
    h.sim.customers.setLastMessageAt('instagram', ig.accountId, igsid, Date.now() - 25 * HOUR);
    const closed = await call(`${graph}/me/messages?access_token=${ig.accessToken}`, json({ recipient: { id: igsid }, message: { text: 'late' } }));
    expect(error(closed.body)).toMatchObject({ code: 10, error_subcode: 2534022 });
  });
});
