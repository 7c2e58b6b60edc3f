import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PlatformCallContext, SendResult } from '../../../src/channels/types.ts';
import { listTemplates, markRead, whatsappApi } from '../../../src/channels/whatsapp/api.ts';
import { callContext, startFakePlatform, type FakePlatform, type Reply } from './fake-platform-server.ts';

const PNID = '106540352242922';
const WABA = '102290129340398';
const TO = '5511987654321';
const TOKEN = 'EAAJ-system-user-secret';

let graph: FakePlatform;
let call: PlatformCallContext;
let tmp: string;

beforeAll(async () => {
  graph = await startFakePlatform();
  call = callContext({ platform: 'whatsapp', accessToken: TOKEN, wabaId: WABA }, PNID, { metaGraph: graph.url });
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'snorq-wa-'));
});
afterAll(async () => {
  await graph.close();
  await fs.rm(tmp, { recursive: true, force: true });
});
beforeEach(() => {
  graph.requests.length = 0;
});

const accepted = (wamid: string): Reply => ({
  json: { messaging_product: 'whatsapp', contacts: [{ input: TO, wa_id: TO }], messages: [{ id: wamid }] },
});
const waError = (code: number, extra: Record<string, unknown> = {}, status = 400): Reply => ({
  status,
  json: { error: { message: `(#${code}) error`, type: 'OAuthException', code, error_data: { messaging_product: 'whatsapp', details: 'details' }, fbtrace_id: 'Az8', ...extra } },
});

function failure(result: SendResult) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  expect(JSON.stringify(result.failure)).not.toContain(TOKEN);
  return result.failure;
}

describe('whatsappApi.send', () => {
  it('sends text to /{PHONE_NUMBER_ID}/messages with a Bearer token, quoting with context.message_id', async () => {
    graph.reply(accepted('wamid.A1'));
    const result = await whatsappApi.send(call, { recipientId: TO, text: 'Hi Ana, see https://shop.example.com/p/1', replyToExternalId: 'wamid.Q' });
    expect(result).toEqual({ ok: true, externalId: 'wamid.A1' });
    const [req] = graph.requests;
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe(`/v25.0/${PNID}/messages`);
    expect(req?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req?.query.has('access_token')).toBe(false);
    expect(req?.json()).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: TO,
      context: { message_id: 'wamid.Q' },
      type: 'text',
      text: { body: 'Hi Ana, see https://shop.example.com/p/1', preview_url: true },
    });
  });

  it('sends to a BSUID with `recipient` instead of `to`, and no preview without a link', async () => {
    graph.reply(accepted('wamid.B'));
    await whatsappApi.send(call, { recipientId: 'BR.1029384756102938', text: 'Olá' });
    const body = graph.requests[0]?.json() as Record<string, unknown>;
    expect(body.recipient).toBe('BR.1029384756102938');
    expect(body.to).toBeUndefined();
    expect(body.text).toEqual({ body: 'Olá', preview_url: false });
  });

  it('refuses text over 4096 characters without calling Meta', async () => {
    expect(failure(await whatsappApi.send(call, { recipientId: TO, text: 'a'.repeat(4097) }))).toMatchObject({ code: 'MESSAGE_TOO_LONG', retryable: false });
    expect(graph.requests).toHaveLength(0);
  });

  it('sends an image by link with the text as caption', async () => {
    graph.reply(accepted('wamid.I'));
    await whatsappApi.send(call, { recipientId: TO, text: 'Blue, size M', media: { type: 'image', url: 'https://snorq.example/m/blue.jpg', mimeType: 'image/jpeg' } });
    expect(graph.requests[0]?.json()).toMatchObject({ type: 'image', image: { link: 'https://snorq.example/m/blue.jpg', caption: 'Blue, size M' } });
  });

  it('sends a file as a document with its filename', async () => {
    graph.reply(accepted('wamid.D'));
    await whatsappApi.send(call, { recipientId: TO, media: { type: 'file', url: 'https://snorq.example/m/inv.pdf', mimeType: 'application/pdf', filename: 'invoice.pdf' } });
    expect(graph.requests[0]?.json()).toMatchObject({ type: 'document', document: { link: 'https://snorq.example/m/inv.pdf', filename: 'invoice.pdf' } });
  });

  it('sends audio and its text as two messages (audio has no caption), quoting only the first', async () => {
    graph.reply(accepted('wamid.AU'), accepted('wamid.TX'));
    const result = await whatsappApi.send(call, {
      recipientId: TO,
      text: 'voice note',
      replyToExternalId: 'wamid.Q',
      media: { type: 'audio', url: 'https://snorq.example/a.ogg', mimeType: 'audio/ogg' },
    });
    expect(result).toEqual({ ok: true, externalId: 'wamid.TX', extraExternalIds: ['wamid.AU'] });
    const [a, t] = graph.requests.map((r) => r.json() as Record<string, unknown>);
    expect(a).toMatchObject({ type: 'audio', audio: { link: 'https://snorq.example/a.ogg' }, context: { message_id: 'wamid.Q' } });
    expect(a?.audio).not.toHaveProperty('caption');
    expect(t).toMatchObject({ type: 'text', text: { body: 'voice note' } });
    expect(t?.context).toBeUndefined();
  });

  it('uploads a local file to /{PHONE_NUMBER_ID}/media (multipart) and sends it by id', async () => {
    const file = path.join(tmp, 'photo.png');
    await fs.writeFile(file, Buffer.from('png-bytes'));
    graph.reply({ json: { id: '1037543291543636' } }, accepted('wamid.U'));
    const result = await whatsappApi.send(call, { recipientId: TO, text: 'Here', media: { type: 'image', url: 'https://snorq.example/m/p.png', mimeType: 'image/png', localPath: file } });
    expect(result).toEqual({ ok: true, externalId: 'wamid.U' });
    const [upload, msg] = graph.requests;
    expect(upload?.method).toBe('POST');
    expect(upload?.path).toBe(`/v25.0/${PNID}/media`);
    expect(upload?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(upload?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const form = await upload!.multipart();
    expect(form.get('messaging_product')).toBe('whatsapp');
    expect(form.get('type')).toBe('image/png');
    const sentFile = form.get('file') as File;
    expect(sentFile.name).toBe('photo.png');
    expect(Buffer.from(await sentFile.arrayBuffer()).toString()).toBe('png-bytes');
    expect(msg?.json()).toMatchObject({ type: 'image', image: { id: '1037543291543636', caption: 'Here' } });
  });

  it('reports a refused upload as MEDIA_UPLOAD_FAILED, and an unreadable local file without calling Meta', async () => {
    const file = path.join(tmp, 'big.mp4');
    await fs.writeFile(file, 'x');
    graph.reply(waError(100, { message: '(#100) Param file must be a file with one of the following types' }));
    const media = { type: 'video' as const, url: 'https://x/v.mp4', mimeType: 'video/mp4', localPath: file };
    expect(failure(await whatsappApi.send(call, { recipientId: TO, media }))).toMatchObject({ code: 'MEDIA_UPLOAD_FAILED', retryable: false });
    expect(failure(await whatsappApi.send(call, { recipientId: TO, media: { ...media, localPath: path.join(tmp, 'missing') } }))).toMatchObject({
      code: 'MEDIA_UPLOAD_FAILED',
      platformCode: 'local_file',
    });
    expect(graph.requests).toHaveLength(1);
  });

  it('sends a template with its language and body variables as components', async () => {
    graph.reply(accepted('wamid.T'), accepted('wamid.T2'));
    await whatsappApi.send(call, { recipientId: TO, text: 'ignored preview', template: { name: 'order_update', language: 'pt_BR', variables: ['Ana', '#1042'] } });
    expect(graph.requests[0]?.json()).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: TO,
      type: 'template',
      template: {
        name: 'order_update',
        language: { code: 'pt_BR', policy: 'deterministic' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Ana' },
              { type: 'text', text: '#1042' },
            ],
          },
        ],
      },
    });
    await whatsappApi.send(call, { recipientId: TO, template: { name: 'hello_world', language: 'en_US' } });
    expect((graph.requests[1]?.json() as { template: object }).template).toEqual({ name: 'hello_world', language: { code: 'en_US', policy: 'deterministic' } });
  });

  it.each([
    [131047, 'WINDOW_CLOSED', false, /template/],
    [131026, 'INVALID_RECIPIENT', false, /WhatsApp/],
    [131030, 'INVALID_RECIPIENT', false, /allowed list/],
    [131056, 'RATE_LIMITED', true, /pair rate/],
    [130429, 'RATE_LIMITED', true, /rate-limiting/],
    [131048, 'RATE_LIMITED', true, /rate-limiting/],
    [80007, 'RATE_LIMITED', true, /rate-limiting/],
    [132000, 'TEMPLATE_INVALID', false, /number of template variables/],
    [132001, 'TEMPLATE_INVALID', false, /language/],
    [132012, 'TEMPLATE_INVALID', false, /format/],
    [132015, 'TEMPLATE_INVALID', false, /paused/],
    [132016, 'TEMPLATE_INVALID', false, /disabled/],
    [132999, 'TEMPLATE_INVALID', false, /template/],
    [131053, 'MEDIA_UPLOAD_FAILED', false, /attachment/],
    [131052, 'MEDIA_UPLOAD_FAILED', false, /attachment/],
    [131000, 'PLATFORM_UNAVAILABLE', true, /temporary/],
    [190, 'TOKEN_EXPIRED', false, /reconnect/],
    // 368 "Temporarily blocked for policies violations" (the Cloud API's error-code list).
    [368, 'ACCOUNT_RESTRICTED', false, /policy violation/],
    [200, 'PERMISSION_MISSING', false, /permission/],
  ] as const)('maps WhatsApp error %i to %s', async (code, expected, retryable, reason) => {
    graph.reply(waError(code, code === 190 ? {} : { error_subcode: 2655007 }));
    const f = failure(await whatsappApi.send(call, { recipientId: TO, text: 'hi' }));
    expect(f).toMatchObject({ code: expected, retryable });
    expect(f.reason).toMatch(reason);
    expect(f.platformCode).toMatch(new RegExp(`^${code}`));
    if (code === 190) expect(f.tokenInvalid).toBe(true);
  });
});

describe('markRead, listTemplates', () => {
  it('marks a message read', async () => {
    graph.reply({ json: { success: true } });
    expect(await markRead(call, 'wamid.IN')).toEqual({ ok: true });
    expect(graph.requests[0]?.path).toBe(`/v25.0/${PNID}/messages`);
    expect(graph.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(graph.requests[0]?.json()).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.IN' });
  });

  it('lists every template page by cursor, with body text, parameter format and inputs', async () => {
    graph.reply(
      {
        json: {
          data: [
            {
              name: 'order_update',
              language: 'pt_BR',
              category: 'UTILITY',
              status: 'APPROVED',
              id: '1',
              components: [
                { type: 'HEADER', format: 'TEXT', text: 'Pedido' },
                { type: 'BODY', text: 'Olá {{1}}, pedido {{2}} saiu. {{1}}' },
              ],
            },
          ],
          paging: { cursors: { before: 'B', after: 'CURSOR2' }, next: 'https://graph.facebook.com/v25.0/x?after=CURSOR2' },
        },
      },
      {
        json: {
          data: [{ name: 'welcome', language: 'en_US', category: 'MARKETING', status: 'PAUSED', components: [{ type: 'BODY', text: 'Hi {{first_name}}!' }] }],
          paging: { cursors: { before: 'C', after: 'D' } },
        },
      },
    );
    expect(await listTemplates(call, WABA)).toMatchObject({
      ok: true,
      value: [
        {
          name: 'order_update',
          language: 'pt_BR',
          category: 'UTILITY',
          status: 'APPROVED',
          parameterFormat: 'POSITIONAL',
          header: { format: 'TEXT', text: 'Pedido' },
          bodyText: 'Olá {{1}}, pedido {{2}} saiu. {{1}}',
          variableCount: 2,
          inputs: [{ key: 'body.1' }, { key: 'body.2' }],
        },
        // no parameter_format in the answer: named placeholders make it NAMED
        {
          name: 'welcome',
          language: 'en_US',
          category: 'MARKETING',
          status: 'PAUSED',
          parameterFormat: 'NAMED',
          bodyText: 'Hi {{first_name}}!',
          variableCount: 1,
          inputs: [{ key: 'body.first_name', name: 'first_name', required: true }],
        },
      ],
    });
    const [p1, p2] = graph.requests;
    expect(p1?.path).toBe(`/v25.0/${WABA}/message_templates`);
    expect(p1?.query.get('fields')).toBe('name,status,language,category,parameter_format,components');
    expect(p1?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(p1?.query.has('after')).toBe(false);
    expect(p2?.query.get('after')).toBe('CURSOR2');
  });
});
