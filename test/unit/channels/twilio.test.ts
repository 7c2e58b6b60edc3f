import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { twilioWebhook } from '../../../src/channels/twilio/webhook.ts';
import { MalformedWebhookError, type WebhookRequest } from '../../../src/channels/types.ts';
import { describeFixtures, fixtureBody, loadFixtures } from '../../helpers/fixtures.ts';

const TOKEN = 'f3a9c1d2e4b5a6978877665544332211';
const URL_SIGNED = 'https://inbox.example.com/webhooks/twilio/whatsapp?channel=ch_42&v=1';
const NOW = 1_763_715_000_000;

/** FACTS 5.2, written out independently of the twilio package: URL + sorted key+value, HMAC-SHA1, base64. */
function sign(token: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return crypto.createHmac('sha1', token).update(data, 'utf8').digest('base64');
}

const [, textFixture] = loadFixtures('twilio').find(([file]) => file === 'inbound-text.json') ?? [];
if (!textFixture) throw new Error('inbound-text.json fixture missing');
const params = textFixture.body as Record<string, string>;
const rawBody = fixtureBody(textFixture);

function request(headers: WebhookRequest['headers'], publicUrl = URL_SIGNED, body = rawBody): WebhookRequest {
  return { rawBody: body, headers, publicUrl };
}

describeFixtures(twilioWebhook, 'twilio');

describe('twilio verify', () => {
  const signature = sign(TOKEN, URL_SIGNED, params);

  it('accepts a request signed over the public URL with its query string', () => {
    expect(twilioWebhook.verify(request({ 'x-twilio-signature': signature }), TOKEN, NOW)).toEqual({ ok: true });
  });

  it('reads the header case-insensitively', () => {
    expect(twilioWebhook.verify(request({ 'X-Twilio-Signature': signature }), TOKEN, NOW)).toEqual({ ok: true });
  });

  it('accepts the URL with the default port made explicit (proxies add or drop it; FACTS 5.2 item 4)', () => {
    const withPort = URL_SIGNED.replace('inbox.example.com', 'inbox.example.com:443');
    expect(twilioWebhook.verify(request({ 'x-twilio-signature': signature }, withPort), TOKEN, NOW)).toEqual({ ok: true });
  });

  it('refuses when the URL differs from the signed one (path or query)', () => {
    for (const url of [
      'https://inbox.example.com/webhooks/twilio/whatsapp',
      'https://inbox.example.com/webhooks/twilio/whatsapp?channel=ch_43&v=1',
      'https://inbox.example.com/webhooks/twilio/status?channel=ch_42&v=1',
      'http://inbox.example.com/webhooks/twilio/whatsapp?channel=ch_42&v=1',
    ]) {
      expect(twilioWebhook.verify(request({ 'x-twilio-signature': signature }, url), TOKEN, NOW).ok).toBe(false);
    }
  });

  it('refuses a wrong signature, a wrong token and a tampered body', () => {
    const wrong = sign(TOKEN, URL_SIGNED, { ...params, Body: 'something else' });
    expect(twilioWebhook.verify(request({ 'x-twilio-signature': wrong }), TOKEN, NOW).ok).toBe(false);
    expect(twilioWebhook.verify(request({ 'x-twilio-signature': signature }), 'another-token', NOW).ok).toBe(false);
    const tampered = Buffer.from(rawBody.toString().replace('blue', 'red'));
    expect(twilioWebhook.verify(request({ 'x-twilio-signature': signature }, URL_SIGNED, tampered), TOKEN, NOW).ok).toBe(false);
  });

  it('refuses a body whose whitespace was trimmed (every byte of every param is signed)', () => {
    const padded = { ...params, Body: ' Does this come in blue? ' };
    const paddedSig = sign(TOKEN, URL_SIGNED, padded);
    const trimmed = Buffer.from(new URLSearchParams({ ...padded, Body: padded.Body.trim() }).toString());
    expect(twilioWebhook.verify(request({ 'x-twilio-signature': paddedSig }, URL_SIGNED, trimmed), TOKEN, NOW).ok).toBe(false);
    const intact = Buffer.from(new URLSearchParams(padded).toString());
    expect(twilioWebhook.verify(request({ 'x-twilio-signature': paddedSig }, URL_SIGNED, intact), TOKEN, NOW).ok).toBe(true);
  });

  it('fails closed on a missing header, an empty header, a repeated header', () => {
    expect(twilioWebhook.verify(request({}), TOKEN, NOW)).toEqual({ ok: false, reason: 'missing X-Twilio-Signature header' });
    expect(twilioWebhook.verify(request({ 'x-twilio-signature': '' }), TOKEN, NOW).ok).toBe(false);
    expect(twilioWebhook.verify(request({ 'x-twilio-signature': [signature, signature] }), TOKEN, NOW).ok).toBe(false);
  });

  it('fails closed without an auth token, including an empty one', () => {
    expect(twilioWebhook.verify(request({ 'x-twilio-signature': signature }), undefined, NOW).ok).toBe(false);
    const signedWithEmpty = sign('', URL_SIGNED, params);
    expect(twilioWebhook.verify(request({ 'x-twilio-signature': signedWithEmpty }), '', NOW).ok).toBe(false);
  });

  it('refuses rather than throws on an unparseable public URL', () => {
    expect(twilioWebhook.verify(request({ 'x-twilio-signature': signature }, 'not a url'), TOKEN, NOW).ok).toBe(false);
  });

  it('signs repeated keys with every value (FACTS 5.2 item 2)', () => {
    const body = Buffer.from('AccountSid=AC00000000000000000000000000000000&Tag=b&Tag=a');
    const sig = crypto.createHmac('sha1', TOKEN).update(`${URL_SIGNED}AccountSid${'AC00000000000000000000000000000000'}TagaTagb`).digest('base64');
    expect(twilioWebhook.verify(request({ 'x-twilio-signature': sig }, URL_SIGNED, body), TOKEN, NOW).ok).toBe(true);
  });

  it('checks JSON webhooks by URL signature plus bodySHA256 (FACTS 5.2 item 5)', () => {
    const json = Buffer.from('{"MessageSid":"SM1"}');
    const url = `https://inbox.example.com/hook?bodySHA256=${crypto.createHash('sha256').update(json).digest('hex')}`;
    const sig = crypto.createHmac('sha1', TOKEN).update(url).digest('base64');
    expect(twilioWebhook.verify(request({ 'x-twilio-signature': sig }, url, json), TOKEN, NOW).ok).toBe(true);
    const other = Buffer.from('{"MessageSid":"SM2"}');
    expect(twilioWebhook.verify(request({ 'x-twilio-signature': sig }, url, other), TOKEN, NOW).ok).toBe(false);
  });
});

describe('twilio accountHint', () => {
  it('returns the channel the body routes to: AccountSid with To for a message, with From for a status callback', () => {
    expect(twilioWebhook.accountHint?.(request({}))).toBe(`AC00000000000000000000000000000000:${params.To}`);
    const callback = Buffer.from('AccountSid=AC00000000000000000000000000000000&MessageSid=SM1&MessageStatus=delivered&From=whatsapp%3A%2B14155238886&To=whatsapp%3A%2B4915550000001');
    expect(twilioWebhook.accountHint?.(request({}, URL_SIGNED, callback))).toBe('AC00000000000000000000000000000000:whatsapp:+14155238886');
  });

  it('returns nothing for a body without a well-formed AccountSid', () => {
    expect(twilioWebhook.accountHint?.(request({}, URL_SIGNED, Buffer.from('AccountSid=../../etc')))).toBeUndefined();
    expect(twilioWebhook.accountHint?.(request({}, URL_SIGNED, Buffer.from('{"AccountSid":"AC1"}')))).toBeUndefined();
  });
});

describe('twilio normalize: malformed bodies', () => {
  const form = 'application/x-www-form-urlencoded; charset=UTF-8';

  it('accepts the content type with a charset', () => {
    expect(twilioWebhook.normalize(rawBody, form)).toHaveLength(1);
  });

  it('throws on a JSON body', () => {
    expect(() => twilioWebhook.normalize(Buffer.from('{"MessageSid":"SM1"}'), 'application/json')).toThrow(MalformedWebhookError);
  });

  it('throws on a form without the expected keys', () => {
    expect(() => twilioWebhook.normalize(Buffer.from('hello world'), form)).toThrow(MalformedWebhookError);
    expect(() => twilioWebhook.normalize(Buffer.from('AccountSid=AC1&From=whatsapp%3A%2B1'), form)).toThrow(/MessageSid/);
  });

  it('throws on a status callback without its sender', () => {
    const body = Buffer.from('MessageSid=SM1&AccountSid=AC1&MessageStatus=delivered');
    expect(() => twilioWebhook.normalize(body, form)).toThrow(MalformedWebhookError);
  });

  it('reads MessageStatus=received as an inbound message, not a status', () => {
    const body = Buffer.from(new URLSearchParams({ ...params, MessageStatus: 'received' }).toString());
    expect(twilioWebhook.normalize(body, form)[0]?.kind).toBe('message');
  });
});

describe('twilio forms with hostile keys', () => {
  it('treats toString and __proto__ as ordinary params, signed and kept', () => {
    // fromEntries makes `__proto__` an own key, as Twilio's signer sees it.
    const odd = Object.fromEntries([...Object.entries(params), ['toString', 'x'], ['__proto__', 'y']]);
    const body = Buffer.from(`${rawBody.toString()}&toString=x&__proto__=y`);
    const sig = sign(TOKEN, URL_SIGNED, odd);
    expect(twilioWebhook.verify(request({ 'x-twilio-signature': sig }, URL_SIGNED, body), TOKEN, NOW).ok).toBe(true);
    const [event] = twilioWebhook.normalize(body, 'application/x-www-form-urlencoded');
    expect(event).toMatchObject({ kind: 'message', contentType: 'text' });
  });
});
