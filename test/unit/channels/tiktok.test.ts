import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TIKTOK_CLOCK_SKEW_MS, TIKTOK_RETRY_HORIZON_MS } from '../../../src/channels/tiktok/signature.ts';
import { tiktokWebhook } from '../../../src/channels/tiktok/webhook.ts';
import { MalformedWebhookError, type WebhookRequest } from '../../../src/channels/types.ts';
import { describeFixtures, fixtureBody, loadFixtures } from '../../helpers/fixtures.ts';

const SECRET = 'tk_client_secret_7f3a9c1d2e4b5a69';
const NOW = 1_763_715_030_000;
const T = Math.floor(NOW / 1000);

const [, textFixture] = loadFixtures('tiktok').find(([file]) => file === 'receive-text.json') ?? [];
if (!textFixture) throw new Error('receive-text.json fixture missing');
const rawBody = fixtureBody(textFixture);

/** FACTS 6.1: lowercase hex HMAC-SHA256 over `"<t>." + raw body`. */
function sign(t: number | string, body: Buffer = rawBody, secret: string = SECRET): string {
  return crypto.createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
}

function request(header: string | string[] | undefined, body: Buffer = rawBody): WebhookRequest {
  return { rawBody: body, headers: header === undefined ? {} : { 'tiktok-signature': header }, publicUrl: 'https://inbox.example.com/webhooks/tiktok' };
}

describeFixtures(tiktokWebhook, 'tiktok');

describe('tiktok verify', () => {
  it('accepts a valid signature', () => {
    expect(tiktokWebhook.verify(request(`t=${T},s=${sign(T)}`), SECRET, NOW)).toEqual({ ok: true });
  });

  it('reads the header in any case and its fields in any order, with spaces', () => {
    const req = { ...request(undefined), headers: { 'Tiktok-Signature': `s=${sign(T)}, t=${T}` } };
    expect(tiktokWebhook.verify(req, SECRET, NOW)).toEqual({ ok: true });
  });

  it('refuses a signature made with another secret', () => {
    expect(tiktokWebhook.verify(request(`t=${T},s=${sign(T, rawBody, 'other')}`), SECRET, NOW)).toEqual({
      ok: false,
      reason: 'Tiktok-Signature does not match',
    });
  });

  it('refuses a tampered body', () => {
    const tampered = Buffer.from(rawBody.toString().replace('blue', 'red!'));
    expect(tiktokWebhook.verify(request(`t=${T},s=${sign(T)}`, tampered), SECRET, NOW).ok).toBe(false);
  });

  it('refuses a timestamp that differs from the signed one (t is part of the signed bytes)', () => {
    expect(tiktokWebhook.verify(request(`t=${T + 1},s=${sign(T)}`), SECRET, NOW).ok).toBe(false);
  });

  it('refuses a timestamp older than TikTok retries for, or from the future beyond clock skew, even correctly signed', () => {
    const skew = TIKTOK_CLOCK_SKEW_MS / 1000;
    const horizon = TIKTOK_RETRY_HORIZON_MS / 1000;
    for (const t of [T - horizon - skew - 1, T - 30 * 86_400, T + skew + 1, T + 3600]) {
      expect(tiktokWebhook.verify(request(`t=${t},s=${sign(t)}`), SECRET, NOW)).toEqual({
        ok: false,
        reason: 'Tiktok-Signature timestamp outside the replay window',
      });
    }
  });

  it('accepts modest clock skew either way', () => {
    for (const t of [T - 240, T - 5, T + 5, T + 120]) {
      expect(tiktokWebhook.verify(request(`t=${t},s=${sign(t)}`), SECRET, NOW)).toEqual({ ok: true });
    }
  });

  it('accepts a retry that keeps the t of its first attempt, up to the 72-hour retry horizon', () => {
    for (const t of [T - 6 * 60, T - 3600, T - 71 * 3600, T - 72 * 3600]) {
      expect(tiktokWebhook.verify(request(`t=${t},s=${sign(t)}`), SECRET, NOW)).toEqual({ ok: true });
    }
  });

  it('fails closed on a missing or repeated header', () => {
    expect(tiktokWebhook.verify(request(undefined), SECRET, NOW)).toEqual({ ok: false, reason: 'missing Tiktok-Signature header' });
    expect(tiktokWebhook.verify(request(''), SECRET, NOW).ok).toBe(false);
    const header = `t=${T},s=${sign(T)}`;
    expect(tiktokWebhook.verify(request([header, header]), SECRET, NOW).ok).toBe(false);
  });

  it('fails closed without a secret, including an empty one', () => {
    expect(tiktokWebhook.verify(request(`t=${T},s=${sign(T)}`), undefined, NOW).ok).toBe(false);
    expect(tiktokWebhook.verify(request(`t=${T},s=${sign(T, rawBody, '')}`), '', NOW)).toEqual({
      ok: false,
      reason: 'no TikTok app secret configured',
    });
  });

  it('refuses malformed headers', () => {
    const s = sign(T);
    for (const header of [
      'garbage',
      `sha256=${s}`,
      `t=${T}`,
      `s=${s}`,
      `t=abc,s=${s}`,
      `t=${T}.5,s=${s}`,
      `t=${T},s=${s.slice(0, 40)}`,
      `t=${T},s=${s}zz`,
      `t=${T},t=${T},s=${s}`,
      `t=${T},s=${s},`,
      `=${T},s=${s}`,
    ]) {
      expect(tiktokWebhook.verify(request(header), SECRET, NOW), header).toEqual({ ok: false, reason: 'malformed Tiktok-Signature header' });
    }
  });
});

describe('tiktok normalize: bodies that cannot be read', () => {
  it('throws on a body that is not JSON', () => {
    expect(() => tiktokWebhook.normalize(Buffer.from('event=im_receive_msg'), 'application/json')).toThrow(MalformedWebhookError);
  });

  it('throws on JSON that is not an envelope object', () => {
    expect(() => tiktokWebhook.normalize(Buffer.from('"hello"'), 'application/json')).toThrow(MalformedWebhookError);
    expect(() => tiktokWebhook.normalize(Buffer.from('null'), 'application/json')).toThrow(MalformedWebhookError);
  });

  it('throws on a form-encoded body', () => {
    expect(() => tiktokWebhook.normalize(rawBody, 'application/x-www-form-urlencoded')).toThrow(MalformedWebhookError);
  });

  it('accepts a JSON content type with a charset, or none', () => {
    expect(tiktokWebhook.normalize(rawBody, 'application/json; charset=utf-8')).toHaveLength(1);
    expect(tiktokWebhook.normalize(rawBody, undefined)).toHaveLength(1);
  });

  it('journals an object that is not an envelope instead of throwing', () => {
    const body = { hello: 'world' };
    expect(tiktokWebhook.normalize(Buffer.from(JSON.stringify(body)), 'application/json')).toEqual([
      { kind: 'unknown', reason: 'not a TikTok webhook envelope (event, user_openid, content)', raw: body },
    ]);
  });
});
