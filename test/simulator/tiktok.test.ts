import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNTS, call, json, startHarness, type Harness } from './helpers.ts';

let h: Harness;
let api: string;
beforeAll(async () => {
  h = await startHarness();
  api = `${h.sim.baseUrls.tiktok}/open_api/v1.3`;
});
afterAll(async () => h.close());
beforeEach(() => {
  h.sim.reset();
  h.receiver.requests.length = 0;
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test payload inspection
const tt = ACCOUNTS.tiktok;
const headers = { 'access-token': tt.accessToken };
const customerWrote = async (agoMs = 0): Promise<string> => {
  const res = await h.sim.customers.send('tiktok', { accountId: tt.accountId, customer: { id: 'user-1', username: 'ana' }, text: 'hi', timestamp: Date.now() - agoMs });
  return JSON.parse((res.payload as Json).content).conversation_id as string;
};
const sendText = (conversation: string, body = 'Yes!', token = tt.accessToken): ReturnType<typeof call> =>
  call(`${api}/business/message/send/`, json({ business_id: tt.accountId, recipient_type: 'CONVERSATION', recipient: conversation, message_type: 'TEXT', text: { body } }, { 'access-token': token }));

describe('TikTok Business Messaging API', () => {
  it('sends: HTTP 200 envelope with data.message.message_id', async () => {
    const conv = await customerWrote();
    const res = await sendText(conv);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ code: 0, message: 'OK', request_id: expect.any(String), data: { message: { message_id: expect.stringMatching(/^\d{19}$/) } } });
  });

  it('answers errors as HTTP 200 with a non-zero code: token, permission, parameters, trailing slash', async () => {
    const conv = await customerWrote();
    const bad = await sendText(conv, 'x', 'nope');
    expect(bad.status).toBe(200);
    expect(bad.body).toMatchObject({ code: 40105, data: {} });
    const bearer = await call(`${api}/business/message/send/`, json({ business_id: tt.accountId }, { authorization: `Bearer ${tt.accessToken}` }));
    expect((bearer.body as Json).code).toBe(40104);
    const wrongBusiness = await call(
      `${api}/business/message/send/`,
      json({ business_id: 'someone-else', recipient_type: 'CONVERSATION', recipient: conv, message_type: 'TEXT', text: { body: 'x' } }, headers),
    );
    expect((wrongBusiness.body as Json).code).toBe(40001);
    expect(((await sendText(conv, 'x'.repeat(6001))).body as Json).code).toBe(40002);
    expect(((await sendText('0:1:unknown')).body as Json).code).toBe(40007);
    expect((await call(`${api}/business/message/send`, json({}, headers))).status).toBe(404);
  });

  it('enforces the 48 h window and the 10-messages cap with 40064; a new customer message resets both', async () => {
    const conv = await customerWrote(49 * 3600_000);
    expect(((await sendText(conv)).body as Json).code).toBe(40064);
    await customerWrote();
    for (let i = 0; i < 10; i++) expect(((await sendText(conv, `m${i}`)).body as Json).code).toBe(0);
    expect((await sendText(conv, 'eleventh')).body).toMatchObject({ code: 40064, message: expect.stringMatching(/10 messages/) });
    await customerWrote();
    expect(((await sendText(conv)).body as Json).code).toBe(0);
  });

  it('sends templates and sender actions', async () => {
    const conv = await customerWrote();
    const template = await call(
      `${api}/business/message/send/`,
      json(
        {
          business_id: tt.accountId,
          recipient_type: 'CONVERSATION',
          recipient: conv,
          message_type: 'TEMPLATE',
          template: { type: 'QA_BUTTON_CARD', title: 'Which colour?', buttons: [{ type: 'REPLY', title: 'Blue', id: 'COLOR_BLUE' }] },
        },
        headers,
      ),
    );
    expect((template.body as Json).code).toBe(0);
    const typing = await call(
      `${api}/business/message/send/`,
      json({ business_id: tt.accountId, recipient_type: 'CONVERSATION', recipient: conv, message_type: 'SENDER_ACTION', sender_action: 'TYPING' }, headers),
    );
    expect(typing.body).toMatchObject({ code: 0, data: {} });
  });

  it('uploads an image, sends it by media_id, and downloads customer images with x-user', async () => {
    const conv = await customerWrote();
    const form = new FormData();
    form.append('business_id', tt.accountId);
    form.append('media_type', 'IMAGE');
    form.append('file', new Blob([Buffer.from('89504e470d0a1a0a0000', 'hex')], { type: 'image/png' }), 'a.png');
    const up = await call(`${api}/business/message/media/upload/`, { method: 'POST', headers, body: form });
    const mediaId = (up.body as Json).data.media_id as string;
    const sent = await call(
      `${api}/business/message/send/`,
      json({ business_id: tt.accountId, recipient_type: 'CONVERSATION', recipient: conv, message_type: 'IMAGE', image: { media_id: mediaId } }, headers),
    );
    expect((sent.body as Json).code).toBe(0);

    const img = await h.sim.customers.send('tiktok', { accountId: tt.accountId, customer: { id: 'user-1' }, kind: 'image' });
    const content = JSON.parse((img.payload as Json).content) as Json;
    const dl = await call(
      `${api}/business/message/media/download/`,
      json({ business_id: tt.accountId, conversation_id: content.conversation_id, message_id: content.message_id, media_id: content.image.media_id, media_type: 'IMAGE' }, headers),
    );
    const url = (dl.body as Json).data.download_url as string;
    expect((await fetch(url)).status).toBe(401);
    const bytes = await fetch(url, { headers: { 'x-user': tt.accessToken } });
    expect(bytes.status).toBe(200);
    expect(bytes.headers.get('content-type')).toBe('image/png');
  });

  it('lists conversations and their 20 most recent messages', async () => {
    const conv = await customerWrote();
    for (let i = 0; i < 9; i++) await sendText(conv, `reply ${i}`);
    for (let i = 0; i < 15; i++) await h.sim.customers.send('tiktok', { accountId: tt.accountId, customer: { id: 'user-1' }, text: `more ${i}` });
    const list = await call(`${api}/business/message/conversation/list/?business_id=${encodeURIComponent(tt.accountId)}&conversation_type=SINGLE&limit=10`, { headers });
    expect((list.body as Json).data).toMatchObject({ conversations: [{ conversation_id: conv, update_time: expect.any(Number) }], has_more: false });
    const content = await call(`${api}/business/message/content/list/?business_id=${encodeURIComponent(tt.accountId)}&conversation_id=${encodeURIComponent(conv)}`, { headers });
    const data = (content.body as Json).data as Json;
    expect(data.messages).toHaveLength(20);
    expect(data.messages[0]).toMatchObject({ message_type: 'TEXT', text: { body: 'more 14' }, from_user: { id: 'user-1', role: 'PERSONAL_ACCOUNT' } });
    expect(data.participants).toHaveLength(2);
    const stranger = await call(`${api}/business/message/conversation/list/?business_id=${encodeURIComponent(tt.accountId)}&conversation_type=STRANGER`, { headers });
    expect((stranger.body as Json).data.conversations).toEqual([]);
  });

  it('echoes API sends (im_send_msg) and emits a read with autoReceipts', async () => {
    const other = await startHarness({ autoReceipts: true, echoes: true });
    try {
      const res = await other.sim.customers.send('tiktok', { accountId: tt.accountId, customer: { id: 'user-2' }, text: 'hi' });
      const conv = JSON.parse((res.payload as Json).content).conversation_id as string;
      const sent = await call(
        `${other.sim.baseUrls.tiktok}/open_api/v1.3/business/message/send/`,
        json({ business_id: tt.accountId, recipient_type: 'CONVERSATION', recipient: conv, message_type: 'TEXT', text: { body: 'answer' } }, headers),
      );
      await other.receiver.waitFor((r) => JSON.parse(r.body.toString()).event === 'im_mark_read_msg');
      await other.receiver.waitFor((r) => JSON.parse(r.body.toString()).event === 'im_send_msg');
      const echo = other.receiver.requests.map((r) => JSON.parse(r.body.toString()) as Json).find((b) => b.event === 'im_send_msg');
      expect(JSON.parse(echo?.content)).toMatchObject({ message_id: (sent.body as Json).data.message.message_id, message_tag: { source: 'API' }, text: { body: 'answer' } });
    } finally {
      await other.close();
    }
  });
});
