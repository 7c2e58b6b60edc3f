import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { metaHandshake } from '../../../src/channels/meta/handshake.ts';
import { escapedForm, verifyMetaSignature } from '../../../src/channels/meta/signature.ts';
import type { WebhookRequest } from '../../../src/channels/types.ts';

const SECRET = 'app-secret-0123456789';
const BODY = Buffer.from('{"object":"page","entry":[{"id":"1","time":1,"messaging":[]}]}');

function sign(body: Buffer | string, secret = SECRET, algo: 'sha256' | 'sha1' = 'sha256'): string {
  return `${algo}=${crypto.createHmac(algo, secret).update(body).digest('hex')}`;
}

function request(rawBody: Buffer, headers: WebhookRequest['headers']): WebhookRequest {
  return { rawBody, headers, publicUrl: 'https://inbox.example.com/api/v1/webhooks/facebook' };
}

describe('verifyMetaSignature (X-Hub-Signature-256, FACTS 1.2)', () => {
  it('accepts the HMAC-SHA256 of the raw body with the app secret', () => {
    expect(verifyMetaSignature(request(BODY, { 'x-hub-signature-256': sign(BODY) }), SECRET)).toEqual({ ok: true });
  });

  it('accepts upper-case hex and a header name in any case', () => {
    const header = sign(BODY).replace(/[0-9a-f]{64}$/, (hex) => hex.toUpperCase());
    expect(verifyMetaSignature(request(BODY, { 'X-Hub-Signature-256': header }), SECRET).ok).toBe(true);
  });

  it('refuses a signature made with another secret', () => {
    const result = verifyMetaSignature(request(BODY, { 'x-hub-signature-256': sign(BODY, 'other-secret') }), SECRET);
    expect(result).toEqual({ ok: false, reason: 'X-Hub-Signature-256 does not match the body' });
  });

  it('refuses a body changed after signing', () => {
    const tampered = Buffer.from(BODY.toString().replace('"1"', '"2"'));
    expect(verifyMetaSignature(request(tampered, { 'x-hub-signature-256': sign(BODY) }), SECRET).ok).toBe(false);
  });

  it('refuses a request without the header', () => {
    expect(verifyMetaSignature(request(BODY, {}), SECRET)).toEqual({ ok: false, reason: 'missing X-Hub-Signature-256 header' });
  });

  it.each([undefined, ''])('fails closed when the app secret is %j, even for a body signed with an empty key', (secret) => {
    const result = verifyMetaSignature(request(BODY, { 'x-hub-signature-256': sign(BODY, '') }), secret);
    expect(result).toEqual({ ok: false, reason: 'app secret is not configured' });
  });

  it('refuses a request carrying only a valid legacy sha1 X-Hub-Signature', () => {
    const result = verifyMetaSignature(request(BODY, { 'x-hub-signature': sign(BODY, SECRET, 'sha1') }), SECRET);
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.reason).toMatch(/legacy sha1/);
  });

  it.each([
    ['a sha1 value', sign(BODY, SECRET, 'sha1')],
    ['bare hex without the sha256= prefix', sign(BODY).slice('sha256='.length)],
    ['a short digest (length mismatch)', 'sha256=abcd'],
    ['a long digest (length mismatch)', `${sign(BODY)}00`],
    ['non-hex characters', `sha256=${'z'.repeat(64)}`],
    ['an empty value', ''],
  ])('refuses %s in X-Hub-Signature-256 without throwing', (_name, header) => {
    expect(() => verifyMetaSignature(request(BODY, { 'x-hub-signature-256': header }), SECRET)).not.toThrow();
    expect(verifyMetaSignature(request(BODY, { 'x-hub-signature-256': header }), SECRET)).toEqual({
      ok: false,
      reason: 'malformed X-Hub-Signature-256 header',
    });
  });

  it('refuses a repeated header rather than picking one', () => {
    const result = verifyMetaSignature(request(BODY, { 'x-hub-signature-256': [sign(BODY), sign(BODY)] }), SECRET);
    expect(result.ok).toBe(false);
  });

  describe('non-ASCII bodies (Meta signs the \\uXXXX-escaped form)', () => {
    const raw = Buffer.from('{"object":"page","entry":[{"id":"1","messaging":[{"message":{"text":"äöå ❤️ 👍"}}]}]}', 'utf8');
    const escaped = '{"object":"page","entry":[{"id":"1","messaging":[{"message":{"text":"\\u00e4\\u00f6\\u00e5 \\u2764\\ufe0f \\ud83d\\udc4d"}}]}]}';

    it('escapes every character outside \\0-~ as 4 lower-case hex digits of its UTF-16 code units', () => {
      expect(escapedForm(raw)?.toString('utf8')).toBe(escaped);
      expect(escapedForm(Buffer.from('{"a":"plain ~ ascii"}'))).toBeUndefined();
    });

    it('accepts a body whose signature was computed over the escaped form', () => {
      expect(verifyMetaSignature(request(raw, { 'x-hub-signature-256': sign(escaped) }), SECRET)).toEqual({ ok: true });
    });

    it('still accepts a signature over the raw UTF-8 bytes', () => {
      expect(verifyMetaSignature(request(raw, { 'x-hub-signature-256': sign(raw) }), SECRET)).toEqual({ ok: true });
    });

    it('refuses the escaped form signed with another secret', () => {
      expect(verifyMetaSignature(request(raw, { 'x-hub-signature-256': sign(escaped, 'nope') }), SECRET).ok).toBe(false);
    });
  });
});

describe('metaHandshake (hub.challenge, FACTS 1.1)', () => {
  const query = { 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me', 'hub.challenge': '1158201444' };

  it('returns the raw challenge when mode and token match', () => {
    expect(metaHandshake(query, 'verify-me')).toBe('1158201444');
  });

  it('reads parameters a query parser nested under hub', () => {
    expect(metaHandshake({ hub: { mode: 'subscribe', verify_token: 'verify-me', challenge: '77' } }, 'verify-me')).toBe('77');
  });

  it.each([
    ['a wrong token', { ...query, 'hub.verify_token': 'verify-you' }, 'verify-me'],
    ['a token of another length', { ...query, 'hub.verify_token': 'v' }, 'verify-me'],
    ['a mode other than subscribe', { ...query, 'hub.mode': 'unsubscribe' }, 'verify-me'],
    ['no token configured', query, undefined],
    ['an empty configured token and an empty token', { ...query, 'hub.verify_token': '' }, ''],
    ['no token in the query', { 'hub.mode': 'subscribe', 'hub.challenge': '1' }, 'verify-me'],
    ['no challenge', { 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me' }, 'verify-me'],
    ['an empty challenge', { ...query, 'hub.challenge': '' }, 'verify-me'],
    ['repeated parameters', { ...query, 'hub.verify_token': ['verify-me', 'verify-me'] }, 'verify-me'],
    ['an empty query', {}, 'verify-me'],
  ])('returns null for %s', (_name, q, token) => {
    expect(metaHandshake(q as Record<string, unknown>, token)).toBeNull();
  });
});
