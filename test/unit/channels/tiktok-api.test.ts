import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tiktokApi } from '../../../src/channels/tiktok/api.ts';
import type { PlatformCallContext, SendResult } from '../../../src/channels/types.ts';
import { callContext, startFakePlatform, type FakePlatform, type Reply } from './fake-platform-server.ts';

const BUSINESS_ID = '-000Qb3kLxVY8cF2mDq1rTz0uW7nE5aJ9';
const CONVERSATION = '0:1:7311122233344455566:7299988877766655544';
const USER = '-000Ux9Kp2LmN4vB7cQ0aZrT8yH1wE3sD';
const TOKEN = 'act.tiktok-access-token-secret';
const SEND_PATH = '/open_api/v1.3/business/message/send/';

let tiktok: FakePlatform;
let other: FakePlatform;
let call: PlatformCallContext;
let tmp: string;

beforeAll(async () => {
  tiktok = await startFakePlatform();
  other = await startFakePlatform();
  call = callContext({ platform: 'tiktok', accessToken: TOKEN }, BUSINESS_ID, { tiktok: tiktok.url });
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'snorq-tt-'));
});
afterAll(async () => {
  await tiktok.close();
  await other.close();
  await fs.rm(tmp, { recursive: true, force: true });
});
beforeEach(() => {
  tiktok.requests.length = 0;
  other.requests.length = 0;
});

const ok = (data: unknown): Reply => ({ json: { code: 0, message: 'OK', request_id: '2026112110', data } });
const sent = (id: string): Reply => ok({ message: { message_id: id } });
const tiktokError = (code: number, message: string, headers?: Record<string, string>): Reply => ({
  json: { code, message, request_id: '2026112111', data: {} },
  ...(headers && { headers }),
});

function failure(result: SendResult) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  expect(JSON.stringify(result.failure)).not.toContain(TOKEN);
  return result.failure;
}

describe('tiktokApi.send', () => {
  it('POSTs text to the conversation with the Access-Token header (not Bearer); code 0 → message_id', async () => {
    tiktok.reply(sent('7440011122233349999'));
    const result = await tiktokApi.send(call, { recipientId: USER, conversationId: CONVERSATION, text: 'Yes, the blue one is in stock!', replyToExternalId: '7440011122233344455' });
    expect(result).toEqual({ ok: true, externalId: '7440011122233349999' });
    const [req] = tiktok.requests;
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe(SEND_PATH);
    expect(req?.headers['access-token']).toBe(TOKEN);
    expect(req?.headers.authorization).toBeUndefined();
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.json()).toEqual({
      business_id: BUSINESS_ID,
      recipient_type: 'CONVERSATION',
      recipient: CONVERSATION,
      message_type: 'TEXT',
      text: { body: 'Yes, the blue one is in stock!' },
      referenced_message_info: { referenced_message_id: '7440011122233344455' },
    });
  });

  it('takes recipientId as the conversation id when no conversationId is given', async () => {
    tiktok.reply(sent('1'));
    await tiktokApi.send(call, { recipientId: CONVERSATION, text: 'hi' });
    expect((tiktok.requests[0]?.json() as { recipient: string }).recipient).toBe(CONVERSATION);
  });

  it('uploads an image (multipart) then sends it by media_id, and the text after it', async () => {
    const file = path.join(tmp, 'shoe.jpg');
    await fs.writeFile(file, Buffer.from('jpeg-bytes'));
    tiktok.reply(ok({ media_id: 'v10044g50000img' }), sent('IMG1'), sent('TXT1'));
    const result = await tiktokApi.send(call, {
      recipientId: USER,
      conversationId: CONVERSATION,
      text: 'This one',
      media: { type: 'image', url: 'https://snorq.example/m/shoe.jpg', mimeType: 'image/jpeg', localPath: file },
    });
    expect(result).toEqual({ ok: true, externalId: 'TXT1', extraExternalIds: ['IMG1'] });
    const [upload, image, text] = tiktok.requests;
    expect(upload?.path).toBe('/open_api/v1.3/business/message/media/upload/');
    expect(upload?.headers['access-token']).toBe(TOKEN);
    const form = await upload!.multipart();
    expect(form.get('business_id')).toBe(BUSINESS_ID);
    expect(form.get('media_type')).toBe('IMAGE');
    expect(Buffer.from(await (form.get('file') as File).arrayBuffer()).toString()).toBe('jpeg-bytes');
    expect(image?.json()).toEqual({ business_id: BUSINESS_ID, recipient_type: 'CONVERSATION', recipient: CONVERSATION, message_type: 'IMAGE', image: { media_id: 'v10044g50000img' } });
    expect(text?.json()).toMatchObject({ message_type: 'TEXT', text: { body: 'This one' } });
  });

  it('fetches the image from its URL when there is no local file', async () => {
    other.reply({ body: Buffer.from('png'), headers: { 'content-type': 'image/png' } });
    tiktok.reply(ok({ media_id: 'M2' }), sent('IMG2'));
    expect(await tiktokApi.send(call, { recipientId: CONVERSATION, media: { type: 'image', url: `${other.url}/m/x.png`, mimeType: 'image/png' } })).toEqual({ ok: true, externalId: 'IMG2' });
    expect(other.requests[0]?.headers['access-token']).toBeUndefined();
  });

  it('refuses an image over 3 MB, from a local file or from its URL, without uploading it', async () => {
    const big = path.join(tmp, 'big.jpg');
    await fs.writeFile(big, Buffer.alloc(3 * 1_048_576 + 1));
    const media = { type: 'image' as const, url: `${other.url}/m/big.jpg`, mimeType: 'image/jpeg' };
    expect(failure(await tiktokApi.send(call, { recipientId: CONVERSATION, media: { ...media, localPath: big } }))).toMatchObject({
      code: 'MEDIA_UPLOAD_FAILED',
      reason: 'TikTok only accepts images up to 3 MB.',
    });
    other.reply({ body: Buffer.alloc(3 * 1_048_576 + 1), headers: { 'content-type': 'image/jpeg' } });
    expect(failure(await tiktokApi.send(call, { recipientId: CONVERSATION, media }))).toMatchObject({ code: 'MEDIA_UPLOAD_FAILED', reason: 'TikTok only accepts images up to 3 MB.' });
    expect(tiktok.requests).toHaveLength(0);
  });

  it('refuses locally what TikTok cannot send: video, templates, text over 6000', async () => {
    const video = { type: 'video' as const, url: 'https://x/v.mp4', mimeType: 'video/mp4' };
    expect(failure(await tiktokApi.send(call, { recipientId: CONVERSATION, media: video }))).toMatchObject({ code: 'MEDIA_UPLOAD_FAILED', retryable: false });
    expect(failure(await tiktokApi.send(call, { recipientId: CONVERSATION, template: { name: 'x', language: 'en' } }))).toMatchObject({ code: 'TEMPLATE_INVALID' });
    expect(failure(await tiktokApi.send(call, { recipientId: CONVERSATION, text: 'a'.repeat(6001) }))).toMatchObject({ code: 'MESSAGE_TOO_LONG' });
    expect(tiktok.requests).toHaveLength(0);
  });

  it.each([
    ['40105 token (HTTP 200)', tiktokError(40105, 'Access token is invalid or expired'), { code: 'TOKEN_EXPIRED', tokenInvalid: true, retryable: false, platformCode: '40105' }],
    ['40100 rate limit (HTTP 200)', tiktokError(40100, 'Too many requests', { 'retry-after': '3' }), { code: 'RATE_LIMITED', retryable: true, retryAfterMs: 3000 }],
    ['40064 messaging rules', tiktokError(40064, 'Blocked by messaging rules'), { code: 'WINDOW_CLOSED', retryable: false, platformCode: '40064' }],
    ['40007 not found', tiktokError(40007, 'Resource not found'), { code: 'INVALID_RECIPIENT', retryable: false }],
    ['40001 permission', tiktokError(40001, 'No permission to operate business_id 7301234567890123456.'), { code: 'PERMISSION_MISSING', retryable: false, platformCode: '40001' }],
    ['40002 parameter', tiktokError(40002, 'Invalid parameter: recipient'), { code: 'UNKNOWN_PLATFORM_ERROR', retryable: false, platformCode: '40002' }],
    ['51065 system error', tiktokError(51065, 'System error'), { code: 'PLATFORM_UNAVAILABLE', retryable: true }],
    ['HTTP 503', { status: 503, body: 'bad gateway' }, { code: 'PLATFORM_UNAVAILABLE', retryable: true, platformCode: 'http_503' }],
    ['HTTP 429', { status: 429, body: '', headers: { 'retry-after': '1' } }, { code: 'RATE_LIMITED', retryable: true, retryAfterMs: 1000 }],
    ['HTTP 200 not JSON', { body: '<html/>' }, { code: 'UNKNOWN_PLATFORM_ERROR', retryable: false }],
    ['code 0 without message_id', ok({}), { code: 'UNKNOWN_PLATFORM_ERROR', retryable: false }],
  ] satisfies [string, Reply, Record<string, unknown>][])('maps %s', async (_name, reply, expected) => {
    tiktok.reply(reply);
    expect(failure(await tiktokApi.send(call, { recipientId: CONVERSATION, text: 'hi' }))).toMatchObject(expected);
  });

  it('keeps TikTok’s message for an unknown code and maps a hung call to a retryable timeout', async () => {
    tiktok.reply(tiktokError(40002, 'Invalid parameter: recipient'));
    expect(failure(await tiktokApi.send(call, { recipientId: CONVERSATION, text: 'hi' })).reason).toContain('Invalid parameter: recipient');
    tiktok.reply({ hang: true });
    expect(failure(await tiktokApi.send({ ...call, timeoutMs: 150 }, { recipientId: CONVERSATION, text: 'hi' }))).toMatchObject({
      code: 'PLATFORM_UNAVAILABLE',
      retryable: true,
      platformCode: 'timeout',
    });
  });
});
