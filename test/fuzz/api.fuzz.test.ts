import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionChannels } from '../../src/core/channel-accounts/provision-env-channels.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { metaSignature, whatsappText } from '../helpers/signing.ts';
import { expectSafeAnswer, FUZZ, weirdText } from './fuzz-settings.ts';

/**
 * Garbage at the API an agent's browser (or a script with a token) talks to: replies, conversation
 * changes, uploads, sign-in and search. Bodies of any shape and type, strings of any code points
 * (NUL and lone surrogates included), malformed or truncated JSON, the wrong content type, odd
 * ids and query strings. Every answer is an expected status (never a 5xx) with the one error
 * shape and nothing of snorq's insides.
 */
const SECRET = 'api-fuzz-wa-secret';
const PHONE_ID = '555000222';
let t: TestApp;
let auth: Record<string, string>;
let conversationId: number;
let messageId: number;

beforeAll(async () => {
  t = await createTestApp({ WHATSAPP_APP_SECRET: SECRET });
  const org = await t.newOrganization();
  auth = { authorization: `Bearer ${org.token}` };
  await provisionChannels(
    t.ctx.db,
    t.ctx.secretBox,
    org.organizationId,
    [{ platform: 'whatsapp', externalAccountId: PHONE_ID, displayName: 'WA', credentials: { platform: 'whatsapp', accessToken: 'wa-token-api-fuzz' } }],
    'env',
  );
  const body = JSON.stringify(whatsappText({ phoneNumberId: PHONE_ID, from: '4915550009999', id: 'wamid.api.fuzz', text: 'hello', timestamp: Date.now() }));
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/webhooks/whatsapp',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(SECRET, body) },
    payload: body,
  });
  expect(res.statusCode).toBe(200);
  const row = await t.ctx.db.selectFrom('messages').select(['id', 'conversation_id']).where('external_id', '=', 'wamid.api.fuzz').executeTakeFirstOrThrow();
  conversationId = row.conversation_id;
  messageId = row.id;
});
afterAll(async () => t?.close());

const text = weirdText();
const anyJson = fc.jsonValue({ stringUnit: 'binary', maxDepth: 4 });
/** A value of any JSON type, or the right type with odd content. */
const anything = fc.oneof(anyJson, text, fc.integer(), fc.double(), fc.constantFrom(null, true, -1, 0, 2 ** 53, 1e308, '', '1', '1e309', '-0'));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const contentTypes = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/octet-stream', 'application/json; charset=latin1'),
  },
);

/** A body as bytes: JSON of the value, JSON cut short, or bytes that are not JSON at all. */
const encoded = (value: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 4, arbitrary: value.map((v) => JSON.stringify(v) ?? 'null') },
    {
      weight: 1,
      arbitrary: fc.tuple(value, fc.nat()).map(([v, k]) => {
        const s = JSON.stringify(v) ?? 'null';
        return s.slice(0, k % (s.length + 1));
      }),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')) },
  );

/** An id in a path: a real one, a number, or any text at all (percent-encoded). */
const pathId = (real: () => number) =>
  fc.oneof(
    fc.constant(null).map(() => String(real())),
    fc.integer().map(String),
    fc.constantFrom('0', '-1', '1e3', '9007199254740993', '99999999999999999999', '1.5', '..%2F..'),
    urlText,
  );

/** Percent-encoding of the string's UTF-8 bytes (encodeURIComponent throws on a lone surrogate). */
const percent = (v: string) => [...Buffer.from(v, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
/** A query value or path segment: percent-encoded text, or escapes that are not valid UTF-8 or not valid at all. */
const urlText = fc.oneof({ weight: 4, arbitrary: text.map(percent) }, { weight: 1, arbitrary: fc.constantFrom('%FF', '%ED%A0%80', '%C3%28', '%', '%G1', '%00', '%E2%82') });

/** A request that gets no answer is a finding too (a stuck handler holds its connection): 5 s at most. */
const answered = <T>(pending: Promise<T>, what: string): Promise<T> =>
  Promise.race([pending, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in 5 s: ${what}`)), 5000).unref())]);

const request = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: string | Buffer, headers: Record<string, string> = {}) =>
  answered(t.app.inject({ method, url, headers: { ...auth, ...headers }, ...(payload !== undefined && { payload }) }), `${method} ${url} ${String(payload ?? '').slice(0, 200)}`);

describe('the API under fuzzing', () => {
  it('POST /api/messages', async () => {
    // Mostly the right shape with odd values, so that the deeper checks (window, lengths, media,
    // templates, idempotency) get garbage too, not only the schema.
    const often = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: good }, { weight: 1, arbitrary: anything });
    const fields = {
      conversationId: often(fc.constant(null).map(() => conversationId)),
      content: often(fc.oneof(text, fc.string({ maxLength: 12_000 }))),
      messageType: often(fc.constantFrom('text', 'image', 'note', 'template')),
      platform: often(fc.constantFrom('whatsapp', 'WhatsApp', 'facebook')),
      channelId: anything,
      media: often(
        fc.record({
          storageKey: fc.oneof(text, fc.constantFrom('../../etc/passwd', 'ab/../../x', '')),
          type: fc.oneof(fc.constantFrom('image', 'file'), anything),
          mimeType: fc.oneof(fc.constantFrom('image/png', 'text/html'), anything),
        }),
      ),
      template: often(fc.record({ name: text, language: text, variables: fc.array(text, { maxLength: 25 }) })),
      tag: often(fc.constant('HUMAN_AGENT')),
      replyToMessageId: often(fc.constant(null).map(() => messageId)),
      privateNote: often(fc.boolean()),
    };
    const replyShape = fc.oneof(
      fc.record({ conversationId: fields.conversationId, content: fields.content, messageType: fc.constantFrom('text', 'note') }, { requiredKeys: ['conversationId', 'content'] }),
      fc.record(fields, { requiredKeys: ['conversationId', 'content'] }),
      fc.record(fields, { requiredKeys: [] }),
    );
    const statuses: Record<number, number> = {};
    await fc.assert(
      fc.asyncProperty(
        encoded(fc.oneof({ weight: 4, arbitrary: replyShape }, { weight: 1, arbitrary: anyJson })),
        contentTypes,
        maybe(fc.oneof(text, fc.string({ minLength: 190, maxLength: 400 }))),
        async (body, contentType, key) => {
          const headers: Record<string, string> = { 'content-type': contentType };
          // Headers must be Latin-1 to be sent at all: keep the key's odd characters inside that.
          if (key !== undefined)
            headers['idempotency-key'] = Buffer.from(key, 'latin1')
              .toString('latin1')
              .replace(/[^\t\x20-\x7e\x80-\xff]/g, '');
          const res = await request('POST', '/api/messages', body, headers);
          expectSafeAnswer(res, [200, 201, 400, 404, 415, 422], `POST /api/messages ${contentType} ${body.slice(0, 200)}`);
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        },
      ),
      { seed: FUZZ.seed, numRuns: FUZZ.numRuns * 3 },
    );
    console.log(`api fuzz: POST /api/messages answered ${JSON.stringify(statuses)}`);
  });

  it('PATCH /api/v1/conversations/:id', async () => {
    const patchShape = fc.record(
      {
        status: fc.oneof(fc.constantFrom('open', 'pending', 'resolved', 'snoozed'), anything),
        snoozedUntil: fc.oneof(fc.constantFrom('2030-01-01T00:00:00Z', '2030-13-45T99:99:99Z', 'tomorrow'), anything),
        priority: fc.oneof(fc.constantFrom('low', 'urgent'), anything),
        assigneeId: fc.oneof(fc.constant(null), fc.integer(), anything),
        labels: fc.oneof(fc.array(text, { maxLength: 25 }), anything),
        extra: anything,
      },
      { requiredKeys: [] },
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        pathId(() => conversationId),
        encoded(fc.oneof(patchShape, anyJson)),
        contentTypes,
        async (id, body, contentType) => {
          const res = await request('PATCH', `/api/v1/conversations/${id}`, body, { 'content-type': contentType });
          // 414: a path segment over fastify's 100-character limit.
          expectSafeAnswer(res, [200, 400, 404, 414, 415], `PATCH /api/v1/conversations/${id} ${contentType} ${body.slice(0, 200)}`);
          n++;
        },
      ),
      { seed: FUZZ.seed, numRuns: FUZZ.numRuns * 2 },
    );
    console.log(`api fuzz: ${n} PATCH conversations`);
  });

  it('POST /api/v1/uploads', async () => {
    const part = fc.record({
      name: fc.oneof(fc.constant('file'), fc.string({ maxLength: 20 })),
      filename: maybe(fc.oneof(text, fc.constantFrom('../../../etc/passwd', '..\\..\\boot.ini', 'evil.html', 'x.svg', '.htaccess', 'a"b.png', `${'n'.repeat(400)}.png`))),
      type: maybe(fc.constantFrom('image/png', 'text/html', 'image/svg+xml', 'application/pdf', 'text/plain', 'application/x-msdownload', '', 'image/png; charset=utf-8')),
      content: fc.oneof(
        fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
        fc.constantFrom(
          Buffer.from('<html><script>alert(1)</script></html>'),
          Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
          Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex'),
          Buffer.from('%PDF-1.4\n%...'),
          Buffer.from('   <script>x</script>'),
        ),
      ),
    });
    const multipart = fc.tuple(fc.array(part, { minLength: 0, maxLength: 3 }), fc.constantFrom('----fuzz', 'x', 'a'.repeat(70)), fc.nat(), fc.boolean()).map(([parts, boundary, cut, truncate]) => {
      const chunks = parts.map((p) =>
        Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}\r\n${p.type !== undefined ? `Content-Type: ${p.type}\r\n` : ''}\r\n`,
          ),
          p.content,
          Buffer.from('\r\n'),
        ]),
      );
      const whole = Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]);
      return { boundary, body: truncate ? whole.subarray(0, cut % (whole.length + 1)) : whole };
    });
    let n = 0;
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(
        multipart,
        fc.constantFrom('multipart/form-data; boundary=%B', 'multipart/form-data', 'application/json', 'text/plain', 'multipart/mixed; boundary=%B'),
        async ({ boundary, body }, type) => {
          const res = await request('POST', '/api/v1/uploads', body, { 'content-type': type.replace('%B', boundary) });
          expectSafeAnswer(res, [201, 400, 406, 413, 415], `upload ${type} ${body.toString('latin1').slice(0, 300)}`);
          if (res.statusCode === 201) {
            stored++;
            const upload = (JSON.parse(res.body) as { upload: { mimeType: string; storageKey: string } }).upload;
            expect(upload.mimeType).not.toMatch(/html|svg|xml|javascript/);
            expect(upload.storageKey).not.toMatch(/\.\.|\//);
          }
          n++;
        },
      ),
      { seed: FUZZ.seed, numRuns: FUZZ.numRuns * 2 },
    );
    console.log(`api fuzz: ${n} uploads (${stored} accepted)`);
  });

  it('POST /api/v1/auth/login', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        encoded(fc.oneof(fc.record({ email: fc.oneof(text, fc.emailAddress(), anything), password: fc.oneof(text, anything) }, { requiredKeys: [] }), anyJson)),
        contentTypes,
        async (body, contentType) => {
          // Each attempt from its own address (X-Forwarded-For is not believed: TRUST_PROXY is empty),
          // so that the per-address limit does not hide what comes after it.
          const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': contentType }, remoteAddress: `10.${randomBytes(3).join('.')}`, payload: body });
          expectSafeAnswer(res, [400, 401, 415, 429], `login ${contentType} ${body.slice(0, 200)}`);
          n++;
        },
      ),
      { seed: FUZZ.seed, numRuns: FUZZ.numRuns * 2 },
    );
    console.log(`api fuzz: ${n} logins`);
  });

  it('GET /api/v1/search and GET /api/messages with odd query strings', async () => {
    let n = 0;
    const query = fc.dictionary(
      fc.constantFrom('q', 'limit', 'cursor', 'platform', 'conversationId', 'status', 'assignee', 'unread', 'label', 'before', 'channelId', 'x'),
      fc.oneof(
        urlText,
        fc.string({ minLength: 150, maxLength: 1000 }).map(percent),
        fc.constantFrom('-1', '0', '1e309', 'NaN', "' or 1=1 --", '&|!():*\\', 'a:*', '!!!', '((', '<->', 'me', 'facebook', 'WhatsApp').map(percent),
      ),
      { maxKeys: 5 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/api/v1/search', '/api/messages', '/api/v1/conversations'), query, async (path, params) => {
        const qs = Object.entries(params)
          .map(([k, v]) => `${k}=${v}`)
          .join('&');
        const res = await request('GET', `${path}?${qs}`);
        expectSafeAnswer(res, [200, 400, 404], `GET ${path}?${qs.slice(0, 300)}`);
        n++;
      }),
      { seed: FUZZ.seed, numRuns: FUZZ.numRuns * 3 },
    );
    console.log(`api fuzz: ${n} searches and lists`);
  });

  it('refuses text PostgreSQL cannot store (NUL, lone surrogates) with 400 wherever it comes in', async () => {
    const json = { 'content-type': 'application/json' };
    const cases: [method: 'POST' | 'PATCH' | 'GET', url: string, body?: unknown][] = [
      ['POST', '/api/messages', { conversationId, content: 'a\u0000b' }],
      ['POST', '/api/messages', { conversationId, content: 'lone \ud800' }],
      ['POST', '/api/messages', { conversationId, template: { name: 'x', language: 'en', variables: ['\udc00'] } }],
      ['PATCH', `/api/v1/conversations/${conversationId}`, { labels: ['a\u0000'] }],
      ['POST', '/api/v1/canned-responses', { shortcut: 'nul', content: 'x\u0000' }],
      ['POST', '/api/v1/users', { email: 'nul@example.test', name: 'n\u0000', password: 'long enough password' }],
      ['POST', '/api/v1/tokens', { name: 'n\u0000' }],
      ['POST', '/api/v1/channels', { platform: 'tiktok', externalAccountId: 'abc\u0000', displayName: 'x', credentials: { accessToken: 'aaaaaaaaaaaa' } }],
      ['GET', '/api/v1/search?q=%00'],
      ['GET', '/api/messages?label=a%00b'],
      ['GET', `/api/v1/conversations/${conversationId}%00`],
    ];
    for (const [method, url, body] of cases) {
      const res = await request(method, url, body === undefined ? undefined : JSON.stringify(body), body === undefined ? {} : json);
      expectSafeAnswer(res, [400], `${method} ${url} ${JSON.stringify(body)}`);
    }
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: json, payload: JSON.stringify({ email: 'a\u0000@x', password: 'p' }) });
    expectSafeAnswer(login, [400], 'login with NUL');
  });

  it('refuses bodies over the limit with 413 in the error shape', async () => {
    const big = JSON.stringify({ conversationId, content: 'x'.repeat(4 * 1024 * 1024) });
    for (const [method, url] of [
      ['POST', '/api/messages'],
      ['PATCH', `/api/v1/conversations/${conversationId}`],
      ['POST', '/api/v1/auth/login'],
      ['POST', '/api/v1/canned-responses'],
    ] as const) {
      expectSafeAnswer(await request(method, url, big, { 'content-type': 'application/json' }), [413], `${method} ${url} 4 MB`);
    }
  });

  it('is still ready, and the valid reply still works', async () => {
    expect((await t.app.inject({ url: '/readyz' })).statusCode).toBe(200);
    const res = await request('POST', '/api/messages', JSON.stringify({ conversationId, content: 'still here' }), { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(201);
  });
});
