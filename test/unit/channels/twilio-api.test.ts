import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { twilioApi } from '../../../src/channels/twilio/api.ts';
import type { PlatformCallContext, SendResult } from '../../../src/channels/types.ts';
import { callContext, deadUrl, startFakePlatform, type FakePlatform, type Reply } from './fake-platform-server.ts';

const SID = 'AC00000000000000000000000000000000';
const AUTH_TOKEN = 'twilio-auth-token-secret';
const FROM = 'whatsapp:+15550001111';
const TO = 'whatsapp:+5511987654321';
const BASIC = `Basic ${Buffer.from(`${SID}:${AUTH_TOKEN}`).toString('base64')}`;

let twilio: FakePlatform;
let call: PlatformCallContext;

beforeAll(async () => {
  twilio = await startFakePlatform();
  call = callContext({ platform: 'twilio', accountSid: SID, authToken: AUTH_TOKEN }, `${SID}:${FROM}`, { twilio: twilio.url });
});
afterAll(async () => {
  await twilio.close();
});
beforeEach(() => {
  twilio.requests.length = 0;
});

const created = (sid: string): Reply => ({
  status: 201,
  json: { account_sid: SID, api_version: '2010-04-01', sid, status: 'queued', from: FROM, to: TO, direction: 'outbound-api', error_code: null },
});
const twilioError = (status: number, code: number, message: string, headers?: Record<string, string>): Reply => ({
  status,
  json: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
  ...(headers && { headers }),
});

function failure(result: SendResult) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  expect(JSON.stringify(result.failure)).not.toContain(AUTH_TOKEN);
  return result.failure;
}

describe('twilioApi.send', () => {
  it('POSTs a form to /2010-04-01/Accounts/{AccountSid}/Messages.json with Basic auth; 201 → sid', async () => {
    twilio.reply(created('SM9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d'));
    const result = await twilioApi.send(call, { recipientId: TO, text: 'Yes, we have it in blue.', statusCallbackUrl: 'https://inbox.example.com/api/v1/webhooks/twilio' });
    expect(result).toEqual({ ok: true, externalId: 'SM9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d' });
    const [req] = twilio.requests;
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
    expect(req?.headers.authorization).toBe(BASIC);
    expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(req!.form())).toEqual({
      To: TO,
      From: FROM,
      Body: 'Yes, we have it in blue.',
      StatusCallback: 'https://inbox.example.com/api/v1/webhooks/twilio',
    });
  });

  it('sends media as MediaUrl with the text as Body, and adds the Messaging Service when the channel has one', async () => {
    twilio.reply(created('MM1'));
    const withService = { ...call, credentials: { platform: 'twilio' as const, accountSid: SID, authToken: AUTH_TOKEN, messagingServiceSid: 'MG123' } };
    await twilioApi.send(withService, { recipientId: TO, text: 'Blue', media: { type: 'image', url: 'https://snorq.example/m/blue.jpg', mimeType: 'image/jpeg' } });
    expect(Object.fromEntries(twilio.requests[0]!.form())).toEqual({ To: TO, From: FROM, MessagingServiceSid: 'MG123', Body: 'Blue', MediaUrl: 'https://snorq.example/m/blue.jpg' });
  });

  it('sends a template as ContentSid + ContentVariables JSON, without Body', async () => {
    twilio.reply(created('SM2'));
    await twilioApi.send(call, {
      recipientId: TO,
      text: 'preview',
      template: { name: 'order_update', language: 'pt_BR', contentSid: 'HXb5b62575e6e4ff6129ad7c8efe1f983e', variables: ['Ana', '#1042'] },
    });
    const form = twilio.requests[0]!.form();
    expect(form.get('ContentSid')).toBe('HXb5b62575e6e4ff6129ad7c8efe1f983e');
    expect(JSON.parse(form.get('ContentVariables') ?? '')).toEqual({ 1: 'Ana', 2: '#1042' });
    expect(form.has('Body')).toBe(false);
  });

  it('refuses locally what Twilio would refuse: a template without ContentSid, a Body over 1600', async () => {
    expect(failure(await twilioApi.send(call, { recipientId: TO, template: { name: 'x', language: 'en' } }))).toMatchObject({ code: 'TEMPLATE_INVALID', retryable: false });
    expect(failure(await twilioApi.send(call, { recipientId: TO, text: 'a'.repeat(1601) }))).toMatchObject({ code: 'MESSAGE_TOO_LONG', retryable: false });
    expect(twilio.requests).toHaveLength(0);
  });

  it('throws on a malformed accountId (a programmer error)', async () => {
    await expect(twilioApi.send({ ...call, accountId: SID }, { recipientId: TO, text: 'hi' })).rejects.toThrow(/AccountSid:whatsapp/);
  });

  it.each([
    ['20003 auth', twilioError(401, 20003, 'Authenticate'), { code: 'TOKEN_EXPIRED', tokenInvalid: true, retryable: false, platformCode: '20003' }],
    ['401 without JSON', { status: 401, body: 'nope' }, { code: 'TOKEN_EXPIRED', tokenInvalid: true }],
    ['20429 concurrency', twilioError(429, 20429, 'Too Many Requests', { 'retry-after': '2' }), { code: 'RATE_LIMITED', retryable: true, retryAfterMs: 2000 }],
    ['HTTP 429 alone', { status: 429, body: '' }, { code: 'RATE_LIMITED', retryable: true, platformCode: 'http_429' }],
    ['63018 channel rate', twilioError(400, 63018, 'Rate limit exceeded'), { code: 'RATE_LIMITED', retryable: true }],
    ['63016 window', twilioError(400, 63016, 'Failed to send freeform message because you are outside the allowed window.'), { code: 'WINDOW_CLOSED', retryable: false }],
    ['21211 invalid To', twilioError(400, 21211, "The 'To' number is not a valid phone number."), { code: 'INVALID_RECIPIENT', retryable: false }],
    ['63003 no such address', twilioError(400, 63003, 'Channel could not find To address'), { code: 'INVALID_RECIPIENT', retryable: false }],
    ['63024 invalid recipient', twilioError(400, 63024, 'Invalid message recipient'), { code: 'INVALID_RECIPIENT', retryable: false }],
    // Twilio's error dictionary (twilio.com/docs/api/errors/<code>): the delivery codes, as a REST answer would carry them.
    ['30003 unreachable handset', twilioError(400, 30003, 'Unreachable destination handset'), { code: 'RECIPIENT_UNREACHABLE', retryable: false, platformCode: '30003' }],
    ['30005 unknown handset', twilioError(400, 30005, 'Unknown destination handset'), { code: 'INVALID_RECIPIENT', retryable: false, platformCode: '30005' }],
    ['30006 landline', twilioError(400, 30006, 'Landline or unreachable carrier'), { code: 'RECIPIENT_UNREACHABLE', retryable: false }],
    ['30007 filtered', twilioError(400, 30007, 'Message filtered'), { code: 'MESSAGE_FILTERED', retryable: false, platformCode: '30007' }],
    ['30008 unknown error', twilioError(400, 30008, 'Unknown error'), { code: 'DELIVERY_FAILED', retryable: false, platformCode: '30008' }],
    ['63049 Meta chose not to deliver', twilioError(400, 63049, 'Meta chose not to deliver this WhatsApp marketing message'), { code: 'MESSAGE_FILTERED', retryable: false }],
    ['21610 unsubscribed', twilioError(400, 21610, 'Attempt to send to unsubscribed recipient'), { code: 'RECIPIENT_BLOCKED', retryable: false }],
    ['21617 too long', twilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.'), { code: 'MESSAGE_TOO_LONG', retryable: false }],
    ['21620 media', twilioError(400, 21620, 'Invalid media URL(s)'), { code: 'MEDIA_UPLOAD_FAILED', retryable: false }],
    ['500', twilioError(500, 20500, 'Internal Server Error'), { code: 'PLATFORM_UNAVAILABLE', retryable: true }],
    ['503 HTML', { status: 503, body: '<html/>' }, { code: 'PLATFORM_UNAVAILABLE', retryable: true, platformCode: 'http_503' }],
    ['unknown code', twilioError(400, 21408, 'Permission to send an SMS has not been enabled for the region'), { code: 'UNKNOWN_PLATFORM_ERROR', retryable: false, platformCode: '21408' }],
    ['201 without sid', { status: 201, json: { status: 'queued' } }, { code: 'UNKNOWN_PLATFORM_ERROR', retryable: false }],
  ] satisfies [string, Reply, Record<string, unknown>][])('maps %s', async (_name, reply, expected) => {
    twilio.reply(reply);
    expect(failure(await twilioApi.send(call, { recipientId: TO, text: 'hi' }))).toMatchObject(expected);
  });

  it('keeps Twilio’s message for an unknown code, and maps timeouts and refused connections as retryable', async () => {
    twilio.reply(twilioError(400, 21408, 'Permission to send an SMS has not been enabled'));
    expect(failure(await twilioApi.send(call, { recipientId: TO, text: 'hi' })).reason).toContain('Permission to send an SMS');
    twilio.reply({ hang: true });
    expect(failure(await twilioApi.send({ ...call, timeoutMs: 150 }, { recipientId: TO, text: 'hi' }))).toMatchObject({ code: 'PLATFORM_UNAVAILABLE', retryable: true, platformCode: 'timeout' });
    const down = { ...call, urls: { ...call.urls, twilio: await deadUrl() } };
    expect(failure(await twilioApi.send(down, { recipientId: TO, text: 'hi' }))).toMatchObject({ code: 'PLATFORM_UNAVAILABLE', retryable: true, platformCode: 'network' });
  });
});
