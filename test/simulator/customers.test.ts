import crypto from 'node:crypto';
import twilio from 'twilio';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNTS, SECRETS, control, json, startHarness, type Harness, type ReceivedRequest } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());
beforeEach(() => {
  h.sim.reset();
  h.receiver.requests.length = 0;
});

const hmac = (alg: string, key: string, data: Buffer | string, enc: 'hex' | 'base64' = 'hex'): string => crypto.createHmac(alg, key).update(data).digest(enc);
const lastRequest = (): ReceivedRequest => {
  const r = h.receiver.requests.at(-1);
  if (!r) throw new Error('no request');
  return r;
};
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test payload inspection

describe('Meta customers (Messenger, Instagram, WhatsApp)', () => {
  it('posts a Messenger text signed with the app secret over the exact, \\u-escaped bytes', async () => {
    const res = await h.sim.customers.send('messenger', { accountId: ACCOUNTS.messenger.accountId, customer: { id: '7392015648120394', name: 'Ana Souza' }, text: 'Olá äöå 😀 https://x.y/z' });
    expect(res.status).toBe(200);
    const req = lastRequest();
    expect(req.url).toBe('/api/v1/webhooks/facebook');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['x-hub-signature-256']).toBe(`sha256=${hmac('sha256', SECRETS.messenger, req.body)}`);
    expect(req.headers['x-hub-signature']).toBe(`sha1=${hmac('sha1', SECRETS.messenger, req.body)}`);
    const raw = req.body.toString('utf8');
    expect(/^[\x20-\x7e]*$/.test(raw)).toBe(true);
    expect(raw).toContain('Ol\\u00e1 \\u00e4\\u00f6\\u00e5 \\ud83d\\ude00 https:\\/\\/x.y\\/z');
    // A receiver that re-serialises the parsed JSON would compute another hash, as live.
    expect(hmac('sha256', SECRETS.messenger, JSON.stringify(JSON.parse(raw)))).not.toBe(hmac('sha256', SECRETS.messenger, req.body));
    const body = JSON.parse(raw) as Json;
    expect(body.object).toBe('page');
    const event = body.entry[0].messaging[0];
    expect(body.entry[0].id).toBe(ACCOUNTS.messenger.accountId);
    expect(event.sender.id).toBe('7392015648120394');
    expect(event.recipient.id).toBe(ACCOUNTS.messenger.accountId);
    expect(typeof event.timestamp).toBe('number');
    expect(event.message.mid).toBe(res.externalId);
    expect(event.message.text).toBe('Olá äöå 😀 https://x.y/z');
  });

  it('serves Messenger media at a CDN URL without credentials', async () => {
    const res = await h.sim.customers.send('messenger', { accountId: ACCOUNTS.messenger.accountId, customer: { id: 'psid-1' }, media: { type: 'image' } });
    const att = (res.payload as Json).entry[0].messaging[0].message.attachments[0];
    expect(att.type).toBe('image');
    const got = await fetch(att.payload.url);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await got.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    const tampered = await fetch(att.payload.url.replace(/oh=[0-9a-f]+/, 'oh=00'));
    expect(tampered.status).toBe(403);
  });

  it('builds Messenger reactions, reads, deliveries, echoes, edits and standby events', async () => {
    const c = { accountId: ACCOUNTS.messenger.accountId, customer: { id: 'psid-2' } };
    const reaction = await h.sim.customers.send('messenger', { ...c, kind: 'reaction', replyTo: 'm_abc', emoji: '\u2764\ufe0f' });
    expect((reaction.payload as Json).entry[0].messaging[0].reaction).toEqual({ reaction: 'love', emoji: '\u2764\ufe0f', action: 'react', mid: 'm_abc' });
    const unreact = await h.sim.customers.send('messenger', { ...c, kind: 'unreact', replyTo: 'm_abc' });
    expect((unreact.payload as Json).entry[0].messaging[0].reaction).toEqual({ action: 'unreact', mid: 'm_abc' });
    const read = await h.sim.customers.send('messenger', { ...c, kind: 'read', watermark: 1763712250000 });
    expect((read.payload as Json).entry[0].messaging[0].read).toEqual({ watermark: 1763712250000 });
    const delivery = await h.sim.customers.send('messenger', { ...c, kind: 'delivery', replyTo: 'm_abc', watermark: 5 });
    const d = (delivery.payload as Json).entry[0].messaging[0];
    expect(d.delivery).toEqual({ mids: ['m_abc'], watermark: 5 });
    expect(d.timestamp).toBeUndefined();
    const echo = await h.sim.customers.send('messenger', { ...c, kind: 'echo', text: 'from the Page inbox' });
    const e = (echo.payload as Json).entry[0].messaging[0];
    expect(e.sender.id).toBe(ACCOUNTS.messenger.accountId);
    expect(e.recipient.id).toBe('psid-2');
    expect(e.message).toMatchObject({ is_echo: true, app_id: 263902037430900, text: 'from the Page inbox' });
    const edit = await h.sim.customers.send('messenger', { ...c, kind: 'edit', replyTo: 'm_abc', text: 'fixed' });
    expect((edit.payload as Json).entry[0].messaging[0].message_edit).toEqual({ mid: 'm_abc', text: 'fixed', num_edit: 1 });
    const standby = await h.sim.customers.send('messenger', { ...c, text: 'hi', standby: true });
    expect((standby.payload as Json).entry[0].standby[0].message.text).toBe('hi');
    expect((standby.payload as Json).entry[0].messaging).toBeUndefined();
  });

  it('posts Instagram events with object "instagram", signed for an account reached through its Page with the Facebook app secret', async () => {
    const c = { accountId: ACCOUNTS.instagram.accountId, customer: { id: '6841100000000000', username: 'ana' } };
    const text = await h.sim.customers.send('instagram', { ...c, text: 'Is this still available?' });
    const req = lastRequest();
    expect(req.url).toBe('/api/v1/webhooks/instagram');
    // ACCOUNTS.instagram has a pageId: the Facebook app delivers its events (Instagram Login accounts: test/simulator/meta-apps.test.ts).
    expect(req.headers['x-hub-signature-256']).toBe(`sha256=${hmac('sha256', SECRETS.messenger, req.body)}`);
    expect((text.payload as Json).object).toBe('instagram');
    const unsend = await h.sim.customers.send('instagram', { ...c, kind: 'unsend', replyTo: text.externalId });
    expect((unsend.payload as Json).entry[0].messaging[0].message).toEqual({ mid: text.externalId, is_deleted: true });
    const seen = await h.sim.customers.send('instagram', { ...c, kind: 'read', replyTo: 'aWdfZG1fRWNobzAwMQ' });
    expect((seen.payload as Json).entry[0].messaging[0].read).toEqual({ mid: 'aWdfZG1fRWNobzAwMQ' });
    const story = await h.sim.customers.send('instagram', { ...c, kind: 'story_mention' });
    expect((story.payload as Json).entry[0].messaging[0].message.attachments[0].type).toBe('story_mention');
    const unsupported = await h.sim.customers.send('instagram', { ...c, kind: 'unsupported' });
    expect((unsupported.payload as Json).entry[0].messaging[0].message.is_unsupported).toBe(true);
    await expect(h.sim.customers.send('instagram', { ...c, media: { type: 'sticker' } })).rejects.toThrow(/stickers/);
  });

  it('posts WhatsApp messages in the Cloud API shape, media fetchable only via id → url with the Bearer token', async () => {
    const res = await h.sim.customers.send('whatsapp', {
      accountId: ACCOUNTS.whatsapp.accountId,
      customer: { id: '5511987654321', name: 'Ana Souza' },
      media: { type: 'image', caption: 'this one' },
      replyTo: 'wamid.QUOTED',
    });
    const req = lastRequest();
    expect(req.url).toBe('/api/v1/webhooks/whatsapp');
    expect(req.headers['x-hub-signature-256']).toBe(`sha256=${hmac('sha256', SECRETS.whatsapp, req.body)}`);
    const body = JSON.parse(req.body.toString()) as Json;
    expect(body.object).toBe('whatsapp_business_account');
    expect(body.entry[0].id).toBe(ACCOUNTS.whatsapp.wabaId);
    const change = body.entry[0].changes[0];
    expect(change.field).toBe('messages');
    expect(change.value.metadata).toEqual({ display_phone_number: '15550001111', phone_number_id: ACCOUNTS.whatsapp.accountId });
    expect(change.value.contacts).toEqual([{ profile: { name: 'Ana Souza' }, wa_id: '5511987654321' }]);
    const msg = change.value.messages[0];
    expect(msg).toMatchObject({ from: '5511987654321', id: res.externalId, type: 'image', context: { from: '15550001111', id: 'wamid.QUOTED' } });
    expect(msg.timestamp).toMatch(/^\d{10}$/);
    expect(msg.image).toMatchObject({ caption: 'this one', mime_type: 'image/png' });
    expect(res.externalId).toMatch(/^wamid\./);

    const graph = h.sim.baseUrls.metaGraph;
    const info = await fetch(`${graph}/v25.0/${msg.image.id}`, { headers: { authorization: `Bearer ${ACCOUNTS.whatsapp.accessToken}` } });
    const infoBody = (await info.json()) as Json;
    expect(infoBody).toMatchObject({ messaging_product: 'whatsapp', mime_type: 'image/png', id: msg.image.id });
    expect(infoBody.sha256).toBe(
      crypto
        .createHash('sha256')
        .update(Buffer.from(await (await fetch(infoBody.url, { headers: { authorization: `Bearer ${ACCOUNTS.whatsapp.accessToken}` } })).arrayBuffer()))
        .digest('hex'),
    );
    expect((await fetch(infoBody.url)).status).toBe(401);
  });

  it('sends WhatsApp statuses for read/delivery and reactions/location/unsupported message types', async () => {
    const c = { accountId: ACCOUNTS.whatsapp.accountId, customer: { id: '5511987654321' } };
    const read = await h.sim.customers.send('whatsapp', { ...c, kind: 'read', replyTo: 'wamid.BIZ' });
    const status = (read.payload as Json).entry[0].changes[0].value.statuses[0];
    expect(status).toMatchObject({ id: 'wamid.BIZ', status: 'read', recipient_id: '5511987654321' });
    expect((read.payload as Json).entry[0].changes[0].value.contacts).toBeUndefined();
    const unreact = await h.sim.customers.send('whatsapp', { ...c, kind: 'unreact', replyTo: 'wamid.BIZ' });
    expect((unreact.payload as Json).entry[0].changes[0].value.messages[0].reaction).toEqual({ message_id: 'wamid.BIZ' });
    const loc = await h.sim.customers.send('whatsapp', { ...c, kind: 'location', location: { latitude: -23.5, longitude: -46.6, name: 'Loja' } });
    expect((loc.payload as Json).entry[0].changes[0].value.messages[0].location).toEqual({ latitude: -23.5, longitude: -46.6, name: 'Loja' });
    const unsupported = await h.sim.customers.send('whatsapp', { ...c, kind: 'unsupported' });
    expect((unsupported.payload as Json).entry[0].changes[0].value.messages[0].errors[0].code).toBe(131051);
    const bsuid = await h.sim.customers.send('whatsapp', { ...c, customer: { id: 'US.13491208655302741918', phone: '', userId: 'US.13491208655302741918', username: 'ana' }, text: 'hi' });
    const value = (bsuid.payload as Json).entry[0].changes[0].value;
    expect(value.messages[0].from).toBeUndefined();
    expect(value.messages[0].from_user_id).toBe('US.13491208655302741918');
    expect(value.contacts[0]).toEqual({ profile: { name: 'WhatsApp User', username: 'ana' }, user_id: 'US.13491208655302741918' });
  });

  it('batches several Meta events into one signed POST', async () => {
    const res = await h.sim.customers.batch('messenger', [
      { accountId: ACCOUNTS.messenger.accountId, customer: { id: 'a' }, text: 'one' },
      { accountId: ACCOUNTS.messenger.accountId, customer: { id: 'b' }, text: 'two' },
    ]);
    expect(h.receiver.requests).toHaveLength(1);
    expect((res.payload as Json).entry.map((e: Json) => e.messaging[0].message.text)).toEqual(['one', 'two']);
    expect(res.externalIds).toHaveLength(2);
    const wa = await h.sim.customers.batch('whatsapp', [
      { accountId: ACCOUNTS.whatsapp.accountId, customer: { id: '551100000001' }, text: 'one' },
      { accountId: ACCOUNTS.whatsapp.accountId, customer: { id: '551100000002' }, text: 'two' },
    ]);
    expect((wa.payload as Json).entry).toHaveLength(1);
    expect((wa.payload as Json).entry[0].changes).toHaveLength(2);
  });

  it('sendRaw posts bytes as given, signed or not', async () => {
    await h.sim.customers.sendRaw('messenger', '{"object":"page","entry":[garbage', { sign: true });
    const signed = lastRequest();
    expect(signed.body.toString()).toBe('{"object":"page","entry":[garbage');
    expect(signed.headers['x-hub-signature-256']).toBe(`sha256=${hmac('sha256', SECRETS.messenger, signed.body)}`);
    await h.sim.customers.sendRaw('whatsapp', { object: 'whatsapp_business_account', entry: [] }, { sign: false });
    expect(lastRequest().headers['x-hub-signature-256']).toBeUndefined();
    await h.sim.customers.sendRaw('tiktok', { event: 'x' }, { signature: 't=1,s=00' });
    expect(lastRequest().headers['tiktok-signature']).toBe('t=1,s=00');
  });

  it('runs the hub.challenge handshake', async () => {
    h.receiver.respond = (r) => {
      const q = new URL(r.url, 'http://x').searchParams;
      return q.get('hub.verify_token') === 'vt' ? { status: 200, body: q.get('hub.challenge') ?? '' } : { status: 403, body: '' };
    };
    try {
      expect((await h.sim.customers.handshake('whatsapp', 'vt')).ok).toBe(true);
      expect((await h.sim.customers.handshake('whatsapp', 'wrong')).ok).toBe(false);
      expect(lastRequest().method).toBe('GET');
    } finally {
      h.receiver.respond = () => ({ status: 200, body: 'EVENT_RECEIVED' });
    }
  });
});

describe('Twilio customers', () => {
  it('posts form params signed over the public URL with the auth token (twilio.validateRequest agrees)', async () => {
    const res = await h.sim.customers.send('twilio', { accountId: ACCOUNTS.twilio.accountId, customer: { id: '+5511987654321', name: 'Ana Souza' }, text: 'Does this come in blue? ä 😀' });
    const req = lastRequest();
    expect(req.url).toBe('/api/v1/webhooks/twilio');
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded; charset=UTF-8');
    const params = Object.fromEntries(new URLSearchParams(req.body.toString()));
    expect(params).toMatchObject({
      AccountSid: ACCOUNTS.twilio.accountId,
      From: 'whatsapp:+5511987654321',
      To: 'whatsapp:+14155238886',
      WaId: '5511987654321',
      ProfileName: 'Ana Souza',
      Body: 'Does this come in blue? ä 😀',
      NumMedia: '0',
      MessageType: 'text',
      SmsStatus: 'received',
      ApiVersion: '2010-04-01',
      MessageSid: res.externalId,
    });
    expect(res.externalId).toMatch(/^SM[0-9a-f]{32}$/);
    const signature = String(req.headers['x-twilio-signature']);
    expect(twilio.validateRequest(ACCOUNTS.twilio.accessToken, signature, `${h.receiver.url}/api/v1/webhooks/twilio`, params)).toBe(true);
    expect(twilio.validateRequest('another-token', signature, `${h.receiver.url}/api/v1/webhooks/twilio`, params)).toBe(false);
    expect(req.headers['i-twilio-idempotency-token']).toBeTruthy();
  });

  it('serves inbound media behind Basic auth, redirecting to a CDN URL', async () => {
    const res = await h.sim.customers.send('twilio', { accountId: ACCOUNTS.twilio.accountId, customer: { id: '+5511987654321' }, media: { type: 'image', caption: 'look' } });
    const params = res.payload as Record<string, string>;
    expect(params).toMatchObject({ NumMedia: '1', MessageType: 'image', MediaContentType0: 'image/png', Body: 'look' });
    expect(params.MessageSid).toMatch(/^MM/);
    const mediaUrl = params.MediaUrl0 ?? '';
    expect(mediaUrl).toBe(`${h.sim.url}/twilio/2010-04-01/Accounts/${ACCOUNTS.twilio.accountId}/Messages/${params.MessageSid}/Media/${mediaUrl.split('/').at(-1)}`);
    expect((await fetch(mediaUrl)).status).toBe(401);
    const auth = `Basic ${Buffer.from(`${ACCOUNTS.twilio.accountId}:${ACCOUNTS.twilio.accessToken}`).toString('base64')}`;
    const redirect = await fetch(mediaUrl, { headers: { authorization: auth }, redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const cdn = await fetch(redirect.headers.get('location') ?? '');
    expect(cdn.status).toBe(200);
    expect(cdn.headers.get('content-type')).toBe('image/png');
  });

  it('signs over publicWebhookBaseUrl while delivering to webhookBaseUrl', async () => {
    const other = await startHarness({ publicWebhookBaseUrl: 'https://inbox.example.com' });
    try {
      await other.sim.customers.send('twilio', { accountId: ACCOUNTS.twilio.accountId, customer: { id: '+5511987654321' }, text: 'hi' });
      const req = other.receiver.requests[0];
      const params = Object.fromEntries(new URLSearchParams(req?.body.toString()));
      expect(twilio.validateRequest(ACCOUNTS.twilio.accessToken, String(req?.headers['x-twilio-signature']), 'https://inbox.example.com/api/v1/webhooks/twilio', params)).toBe(true);
    } finally {
      await other.close();
    }
  });
});

describe('TikTok customers', () => {
  it('posts an im_receive_msg with content as a JSON string, Tiktok-Signature over "t." + body', async () => {
    const res = await h.sim.customers.send('tiktok', {
      accountId: ACCOUNTS.tiktok.accountId,
      customer: { id: '-000Ux9Kp2LmN4vB7cQ0aZrT8yH1wE3sD', username: 'ana.souza' },
      text: 'Hi! Is the blue one in stock? 😀',
    });
    const req = lastRequest();
    expect(req.url).toBe('/api/v1/webhooks/tiktok');
    const header = String(req.headers['tiktok-signature']);
    const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]));
    expect(Math.abs(Number(parts.t) - Date.now() / 1000)).toBeLessThan(5);
    expect(parts.s).toBe(hmac('sha256', SECRETS.tiktok, Buffer.concat([Buffer.from(`${parts.t}.`), req.body])));
    const body = JSON.parse(req.body.toString()) as Json;
    expect(body).toMatchObject({ event: 'im_receive_msg', user_openid: ACCOUNTS.tiktok.accountId });
    expect(typeof body.content).toBe('string');
    const content = JSON.parse(body.content) as Json;
    expect(content).toMatchObject({
      message_id: res.externalId,
      type: 'text',
      text: { body: 'Hi! Is the blue one in stock? 😀' },
      from: 'ana.souza',
      from_user: { id: '-000Ux9Kp2LmN4vB7cQ0aZrT8yH1wE3sD', role: 'personal_account' },
      to_user: { id: ACCOUNTS.tiktok.accountId, role: 'business_account' },
      is_follower: true,
    });
    expect(content.timestamp).toBeGreaterThan(1e12);
    expect(content.conversation_id).toMatch(/^0:1:/);
  });

  it('posts reads and echoes', async () => {
    const c = { accountId: ACCOUNTS.tiktok.accountId, customer: { id: 'user-1' } };
    const read = await h.sim.customers.send('tiktok', { ...c, kind: 'read', watermark: 1763715200000 });
    const content = JSON.parse((read.payload as Json).content) as Json;
    expect((read.payload as Json).event).toBe('im_mark_read_msg');
    expect(content.read).toEqual({ last_read_timestamp: 1763715200000 });
    const echo = await h.sim.customers.send('tiktok', { ...c, kind: 'echo', text: 'from the app' });
    expect((echo.payload as Json).event).toBe('im_send_msg');
    expect(JSON.parse((echo.payload as Json).content).from_user.role).toBe('business_account');
  });
});

describe('control API', () => {
  it('makes a customer send through POST /_sim/customers/:platform/messages', async () => {
    const res = await control(h.sim, '/_sim/customers/messenger/messages', json({ accountId: ACCOUNTS.messenger.accountId, customer: { id: 'psid-9' }, text: 'via control' }));
    expect(res.status).toBe(200);
    const body = res.body as Json;
    expect(body.status).toBe(200);
    expect(body.externalId).toMatch(/^m_/);
    expect(JSON.parse(lastRequest().body.toString()).entry[0].messaging[0].message.text).toBe('via control');
    const bad = await control(h.sim, '/_sim/customers/messenger/messages', json({ accountId: ACCOUNTS.messenger.accountId, customer: { id: 'x' }, kind: 'location' }));
    expect(bad.status).toBe(400);
    expect((await control(h.sim, '/_sim/health')).body).toMatchObject({ ok: true });
  });
});
