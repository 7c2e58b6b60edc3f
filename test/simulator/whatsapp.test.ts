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
const wa = ACCOUNTS.whatsapp;
const customer = '5511987654321';
const bearer = { authorization: `Bearer ${wa.accessToken}` };
const send = (body: Json, headers: Record<string, string> = bearer): ReturnType<typeof call> =>
  call(`${graph}/${wa.accountId}/messages`, json({ messaging_product: 'whatsapp', to: customer, ...body }, headers));
const customerWrote = (agoMs = 0): ReturnType<typeof h.sim.customers.send> =>
  h.sim.customers.send('whatsapp', { accountId: wa.accountId, customer: { id: customer, name: 'Ana' }, text: 'oi', timestamp: Date.now() - agoMs });
const statuses = (): Json[] => h.receiver.requests.flatMap((r) => (JSON.parse(r.body.toString()) as Json).entry[0].changes[0].value.statuses ?? []);
const templateParams = [
  { type: 'header', parameters: [{ type: 'image', image: { link: 'https://cdn.example.com/h.jpg' } }] },
  {
    type: 'body',
    parameters: [
      { type: 'text', text: 'Ana' },
      { type: 'text', text: '#1042' },
    ],
  },
  { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '1042' }] },
];

describe('WhatsApp Cloud API send', () => {
  it('counts text.body in characters (code points), as src/text/text-limits.ts does: 4096 emoji pass, one more is error 100', async () => {
    await customerWrote();
    expect((await send({ type: 'text', text: { body: '😀'.repeat(4096) } })).status).toBe(200);
    const over = await send({ type: 'text', text: { body: '😀'.repeat(4097) } });
    expect(over.status).toBe(400);
    expect((over.body as Json).error).toMatchObject({ code: 100, error_data: { details: "Param text['body'] must be at most 4096 characters long." } });
  });

  it('answers the documented success shape and checks the Bearer token (401/190)', async () => {
    await customerWrote();
    const res = await send({ type: 'text', text: { body: 'Hi Ana', preview_url: true }, context: { message_id: 'wamid.X' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ messaging_product: 'whatsapp', contacts: [{ input: customer, wa_id: customer }], messages: [{ id: expect.stringMatching(/^wamid\./) }] });
    const bad = await send({ type: 'text', text: { body: 'x' } }, { authorization: 'Bearer nope' });
    expect(bad.status).toBe(401);
    expect((bad.body as Json).error).toMatchObject({ code: 190, type: 'OAuthException' });
    const none = await send({ type: 'text', text: { body: 'x' } }, {});
    expect((none.body as Json).error.code).toBe(104);
  });

  it('validates messaging_product, text length, media link/id and captions', async () => {
    const wrote = await customerWrote();
    expect(((await call(`${graph}/${wa.accountId}/messages`, json({ to: customer, type: 'text', text: { body: 'x' } }, bearer))).body as Json).error.code).toBe(100);
    expect(((await send({ type: 'text', text: { body: 'x'.repeat(4097) } })).body as Json).error).toMatchObject({ code: 100, error_data: { messaging_product: 'whatsapp' } });
    expect((await send({ type: 'image', image: { link: 'https://cdn.example.com/blue.jpg', caption: 'Blue' } })).status).toBe(200);
    expect(((await send({ type: 'image', image: { id: '999' } })).body as Json).error.code).toBe(100);
    expect(((await send({ type: 'audio', audio: { link: 'https://cdn.example.com/a.ogg', caption: 'no' } })).body as Json).error.code).toBe(100);
    expect((await send({ type: 'reaction', reaction: { message_id: wrote.externalId, emoji: '👍' } })).status).toBe(200);
    // A message of no thread of this number, or not one emoji: 131009.
    expect(((await send({ type: 'reaction', reaction: { message_id: 'wamid.X', emoji: '👍' } })).body as Json).error.code).toBe(131009);
    expect(((await send({ type: 'reaction', reaction: { message_id: wrote.externalId, emoji: 'yes' } })).body as Json).error.code).toBe(131009);
    const buttons = await send({
      type: 'interactive',
      interactive: { type: 'button', body: { text: 'Which?' }, action: { buttons: [1, 2, 3, 4].map((i) => ({ type: 'reply', reply: { id: `b${i}`, title: `B${i}` } })) } },
    });
    expect((buttons.body as Json).error.code).toBe(131009);
  });

  it('accepts a free-form message outside 24 h, then posts a failed status with 131047', async () => {
    await customerWrote(25 * 3600_000);
    h.receiver.requests.length = 0;
    const res = await send({ type: 'text', text: { body: 'late' } });
    expect(res.status).toBe(200);
    const wamid = (res.body as Json).messages[0].id;
    await h.receiver.waitFor(() => statuses().length > 0);
    expect(statuses()[0]).toMatchObject({ id: wamid, status: 'failed', recipient_id: customer, errors: [{ code: 131047, title: 'Re-engagement message' }] });
  });

  it('lets templates through outside the window, checking name, language and parameters', async () => {
    const ok = await send({ type: 'template', template: { name: 'order_update', language: { code: 'en_US' }, components: templateParams } });
    expect(ok.status).toBe(200);
    expect((ok.body as Json).messages[0].message_status).toBe('accepted');
    const missing = await send({ type: 'template', template: { name: 'nope', language: { code: 'en_US' } } });
    expect(missing.status).toBe(404);
    expect((missing.body as Json).error.code).toBe(132001);
    const count = await send({ type: 'template', template: { name: 'order_update', language: { code: 'en_US' }, components: templateParams.slice(0, 1) } });
    expect((count.body as Json).error.code).toBe(132000);
    const hello = await send({ type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } });
    expect(hello.status).toBe(200);
    const named = await send({
      type: 'template',
      template: {
        name: 'follow_up',
        language: { code: 'en_US' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', parameter_name: 'first_name', text: 'Ana' },
              { type: 'text', parameter_name: 'topic', text: 'shoes' },
            ],
          },
        ],
      },
    });
    expect(named.status).toBe(200);
  });

  it('checks template components as Cloud API does, with Meta’s codes, texts and error shape', async () => {
    const tpl = (name: string, components: Json[]) => send({ type: 'template', template: { name, language: { code: 'en_US' }, components } });
    const error = async (res: ReturnType<typeof tpl>) => {
      const r = await res;
      expect(r.status).toBe(400);
      return (r.body as Json).error as Json;
    };
    const body = {
      type: 'body',
      parameters: [
        { type: 'text', text: 'Ana' },
        { type: 'text', text: '#1042' },
      ],
    };
    const image = { type: 'header', parameters: [{ type: 'image', image: { link: 'https://cdn.example.com/h.jpg' } }] };
    const url = { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '1042' }] };

    // the exact envelope of a real 132000 answer
    const count = await error(tpl('order_update', [image, { type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }, url]));
    expect(count).toEqual({
      message: '(#132000) Number of parameters does not match the expected number of params',
      type: 'OAuthException',
      code: 132000,
      error_data: { messaging_product: 'whatsapp', details: 'body: number of localizable_params (1) does not match the expected number of params (2)' },
      fbtrace_id: expect.any(String),
    });
    // a media header left out is "received UNKNOWN"; the wrong media kind is named
    expect(await error(tpl('order_update', [body, url]))).toMatchObject({
      code: 132012,
      message: '(#132012) Parameter format does not match format in the created template',
      error_data: { details: 'header: Format mismatch, expected IMAGE, received UNKNOWN' },
    });
    expect((await error(tpl('order_update', [{ type: 'header', parameters: [{ type: 'video', video: { link: 'https://x/v.mp4' } }] }, body, url]))).error_data.details).toBe(
      'header: Format mismatch, expected IMAGE, received VIDEO',
    );
    // a dynamic URL button without its suffix
    expect(await error(tpl('order_update', [image, body]))).toMatchObject({
      code: 131008,
      message: '(#131008) Required parameter is missing',
      error_data: { details: 'buttons: Button at index 0 of type Url requires a parameter' },
    });
    // sub_type must be the button's type at that index; the index must exist
    expect((await error(tpl('order_update', [image, body, { ...url, sub_type: 'quick_reply' }]))).code).toBe(132012);
    expect((await error(tpl('order_update', [image, body, url, { type: 'button', sub_type: 'quick_reply', index: '7', parameters: [{ type: 'payload', payload: 'X' }] }]))).code).toBe(131009);
    expect((await tpl('order_update', [image, body, url, { type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'AGENT' }] }])).status).toBe(200);

    // text header variable: counted like the body
    expect(
      (
        await error(
          tpl('shipping_notice', [
            {
              type: 'body',
              parameters: [
                { type: 'text', text: 'DHL' },
                { type: 'text', text: 'Friday' },
              ],
            },
          ]),
        )
      ).error_data.details,
    ).toBe('header: number of localizable_params (0) does not match the expected number of params (1)');
    // NAMED: every parameter names its placeholder
    const named = (params: Json[]) =>
      tpl('appointment_reminder', [
        { type: 'header', parameters: [{ type: 'text', parameter_name: 'clinic', text: 'Centro' }] },
        { type: 'body', parameters: params },
      ]);
    expect(
      await error(
        named([
          { type: 'text', text: 'Ana' },
          { type: 'text', text: '10:30' },
        ]),
      ),
    ).toMatchObject({ code: 100, message: '(#100) Invalid parameter', error_data: { details: 'Parameter name is missing or empty' } });
    expect(
      (
        await error(
          named([
            { type: 'text', parameter_name: 'first_name', text: 'Ana' },
            { type: 'text', parameter_name: 'nope', text: '10:30' },
          ]),
        )
      ).code,
    ).toBe(132000);
    expect(
      (
        await named([
          { type: 'text', parameter_name: 'time', text: '10:30' },
          { type: 'text', parameter_name: 'first_name', text: 'Ana' },
        ])
      ).status,
    ).toBe(200);
    // location and document headers, a copy-code button
    expect((await error(tpl('store_pickup', [{ type: 'body', parameters: [{ type: 'text', text: '#1' }] }]))).error_data.details).toBe('header: Format mismatch, expected LOCATION, received UNKNOWN');
    expect(
      (
        await tpl('store_pickup', [
          { type: 'header', parameters: [{ type: 'location', location: { latitude: '-23.5', longitude: '-46.6', name: 'Loja' } }] },
          { type: 'body', parameters: [{ type: 'text', text: '#1' }] },
        ])
      ).status,
    ).toBe(200);
    const promoBody = {
      type: 'body',
      parameters: [
        { type: 'text', text: 'Ana' },
        { type: 'text', text: '20%' },
      ],
    };
    const video = { type: 'header', parameters: [{ type: 'video', video: { link: 'https://x/v.mp4' } }] };
    const shop = { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'summer' }] };
    expect((await error(tpl('summer_promo', [video, promoBody, shop]))).error_data.details).toBe('buttons: Button at index 0 of type CopyCode requires a parameter');
    const ok = await tpl('summer_promo', [video, promoBody, { type: 'button', sub_type: 'copy_code', index: 0, parameters: [{ type: 'coupon_code', coupon_code: 'SUMMER20' }] }, shop]);
    expect(ok.status).toBe(200);
    // what the customer received is the filled text
    const sent = h.sim.message((ok.body as Json).messages[0].id);
    expect(sent?.text).toBe('Ana, take 20% off everything this week.');
  });

  it('marks messages read with { success: true } and refuses unknown ids', async () => {
    const inbound = await customerWrote();
    const read = await send({ status: 'read', message_id: inbound.externalId, typing_indicator: { type: 'text' } });
    expect(read.body).toEqual({ success: true });
    const unknown = await send({ status: 'read', message_id: 'wamid.unknown' });
    expect((unknown.body as Json).error.code).toBe(131009);
  });

  it('emits sent, delivered and read statuses with autoReceipts', async () => {
    const other = await startHarness({ autoReceipts: true });
    try {
      await other.sim.customers.send('whatsapp', { accountId: wa.accountId, customer: { id: customer }, text: 'oi' });
      const res = await call(
        `${other.sim.baseUrls.metaGraph}/v25.0/${wa.accountId}/messages`,
        json({ messaging_product: 'whatsapp', to: `+${customer}`, type: 'text', text: { body: 'hello' }, biz_opaque_callback_data: 'inbox:msg:1' }, bearer),
      );
      const wamid = (res.body as Json).messages[0].id;
      expect((res.body as Json).contacts[0]).toEqual({ input: `+${customer}`, wa_id: customer });
      const seen = (): Json[] => other.receiver.requests.flatMap((r) => (JSON.parse(r.body.toString()) as Json).entry[0].changes[0].value.statuses ?? []);
      await other.receiver.waitFor(() => seen().some((s) => s.status === 'read'));
      expect(seen().map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
      expect(seen()[0]).toMatchObject({ id: wamid, biz_opaque_callback_data: 'inbox:msg:1', pricing: { pricing_model: 'PMP', category: 'service' } });
    } finally {
      await other.close();
    }
  });
});

describe('WhatsApp media and templates', () => {
  it('uploads multipart media, resolves id → url, serves bytes only with the Bearer token', async () => {
    const form = new FormData();
    form.append('messaging_product', 'whatsapp');
    form.append('type', 'application/pdf');
    form.append('file', new Blob([Buffer.from('%PDF-1.4 hello')], { type: 'application/pdf' }), 'invoice.pdf');
    const up = await call(`${graph}/${wa.accountId}/media`, { method: 'POST', headers: bearer, body: form });
    expect(up.status).toBe(200);
    const id = (up.body as Json).id as string;
    expect(id).toMatch(/^\d+$/);
    const info = await call(`${graph}/${id}?phone_number_id=${wa.accountId}`, { headers: bearer });
    expect(info.body).toMatchObject({ messaging_product: 'whatsapp', mime_type: 'application/pdf', file_size: '14', id, url: expect.stringContaining('/cdn/whatsapp_business/attachments/') });
    const bytes = await fetch((info.body as Json).url, { headers: bearer });
    expect(await bytes.text()).toBe('%PDF-1.4 hello');
    expect((await fetch((info.body as Json).url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    await customerWrote();
    expect((await send({ type: 'document', document: { id, filename: 'invoice.pdf' } })).status).toBe(200);
    const bad = await call(`${graph}/${wa.accountId}/media`, {
      method: 'POST',
      headers: bearer,
      body: (() => {
        const f = new FormData();
        f.append('messaging_product', 'whatsapp');
        f.append('file', new Blob([Buffer.from('x')], { type: 'application/x-msdownload' }), 'a.exe');
        return f;
      })(),
    });
    expect((bad.body as Json).error.code).toBe(131053);
    expect((await call(`${graph}/${id}`, { method: 'DELETE', headers: bearer })).body).toEqual({ success: true });
  });

  it('lists approved templates on the WABA', async () => {
    const res = await call(`${graph}/${wa.wabaId}/message_templates?fields=name,status,language,category,components&limit=50`, { headers: bearer });
    const data = (res.body as Json).data as Json[];
    expect(data.length).toBeGreaterThanOrEqual(3);
    expect(data.every((t) => t.status === 'APPROVED')).toBe(true);
    expect(data.find((t) => t.name === 'order_update' && t.language === 'en_US')?.components.map((c: Json) => c.type)).toEqual(['HEADER', 'BODY', 'FOOTER', 'BUTTONS']);
    expect((res.body as Json).paging.cursors).toBeDefined();
    expect(Object.keys(data[0] ?? {})).toEqual(['name', 'status', 'language', 'category', 'components']);
  });
});
