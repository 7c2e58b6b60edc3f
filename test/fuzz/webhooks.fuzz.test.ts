import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSignedParams } from '../../src/channels/twilio/read-form.ts';
import { provisionChannels } from '../../src/core/channel-accounts/provision-env-channels.ts';
import type { Platform as AnyPlatform } from '../../src/db/schema.ts';
import { twilioSignature } from '../../src/simulator/twilio/deliver.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { metaSignature, whatsappText } from '../helpers/signing.ts';
import { expectSafeAnswer, FUZZ, weirdText as anyText } from './fuzz-settings.ts';

/**
 * Garbage at every webhook: malformed, truncated, wrongly typed, deeply nested, invalid UTF-8,
 * under the wrong content type; validly signed (the platform's secret over those very bytes),
 * unsigned, wrongly signed, or signed for other bytes / too long ago (a replay). snorq answers each
 * with a 4xx (401 for every bad signature) or, for a verified body it cannot use, 400 or 200, never
 * a 5xx and never its insides. Between the garbage, valid messages with arbitrary text: every
 * one of them is stored, once.
 */
const SECRETS = { meta: 'fuzz-meta-secret', instagram: 'fuzz-ig-secret', whatsapp: 'fuzz-wa-secret', tiktok: 'fuzz-tt-secret' };
const TWILIO = { sid: 'AC0123456789abcdef0123456789abcdef', token: 'fuzz-twilio-auth-token-0123', sender: 'whatsapp:+15550001111' };
const ACCOUNT = { messenger: '102938475610293', instagram: '17841400000000000', whatsapp: '123456789012345', tiktok: '-000Qb3kLxVY8cF2mDq1rTz0uW7nE5aJ9' };
const PUBLIC_URL = 'https://snorq.test';
const PATH = { messenger: 'facebook', instagram: 'instagram', whatsapp: 'whatsapp', twilio: 'twilio', tiktok: 'tiktok' } as const satisfies Partial<Record<AnyPlatform, string>>;
/** The platforms this file fuzzes (each has its builder below). */
type Platform = keyof typeof PATH;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ FACEBOOK_APP_SECRET: SECRETS.meta, INSTAGRAM_APP_SECRET: SECRETS.instagram, WHATSAPP_APP_SECRET: SECRETS.whatsapp, TIKTOK_CLIENT_SECRET: SECRETS.tiktok, PUBLIC_URL });
  const org = await t.newOrganization();
  await provisionChannels(
    t.ctx.db,
    t.ctx.secretBox,
    org.organizationId,
    [
      { platform: 'messenger', externalAccountId: ACCOUNT.messenger, displayName: 'M', credentials: { platform: 'messenger', pageAccessToken: 'page-token-fuzz' } },
      { platform: 'instagram', externalAccountId: ACCOUNT.instagram, displayName: 'I', credentials: { platform: 'instagram', accessToken: 'ig-token-fuzz', loginType: 'instagram' } },
      { platform: 'whatsapp', externalAccountId: ACCOUNT.whatsapp, displayName: 'W', credentials: { platform: 'whatsapp', accessToken: 'wa-token-fuzz' } },
      { platform: 'twilio', externalAccountId: `${TWILIO.sid}:${TWILIO.sender}`, displayName: 'T', credentials: { platform: 'twilio', accountSid: TWILIO.sid, authToken: TWILIO.token } },
      { platform: 'tiktok', externalAccountId: ACCOUNT.tiktok, displayName: 'K', credentials: { platform: 'tiktok', accessToken: 'tt-token-fuzz' } },
    ],
    'env',
  );
});
afterAll(async () => t?.close());

// --- valid messages, in each platform's documented shape (FACTS 2.1, 3.1, 4.1, 5.1, 6.1) ----------

let seq = 0;
const hex = (n: number) => randomBytes(n).toString('hex');
interface Built {
  body: Buffer;
  contentType: string;
  externalId: string;
  /** The parsed payload, for mutation (JSON platforms) or the form params (Twilio). */
  value: unknown;
}

function validMessage(platform: Platform, text: string): Built {
  const n = ++seq;
  const now = Date.now();
  const json = (value: unknown, externalId: string): Built => ({ body: Buffer.from(JSON.stringify(value)), contentType: 'application/json', externalId, value });
  switch (platform) {
    case 'messenger':
    case 'instagram': {
      const id = ACCOUNT[platform];
      const mid = `m_fuzz_${n}_${hex(4)}`;
      return json(
        {
          object: platform === 'messenger' ? 'page' : 'instagram',
          entry: [{ id, time: now, messaging: [{ sender: { id: `73920156481${n}` }, recipient: { id }, timestamp: now, message: { mid, text } }] }],
        },
        mid,
      );
    }
    case 'whatsapp': {
      const id = `wamid.fuzz.${n}.${hex(4)}`;
      return json(whatsappText({ phoneNumberId: ACCOUNT.whatsapp, from: `49155500${String(n % 1000).padStart(3, '0')}`, id, text, timestamp: now }), id);
    }
    case 'tiktok': {
      const id = `744${String(n).padStart(6, '0')}${Date.now() % 1e9}`;
      const content = {
        conversation_id: `0:1:73111222333${n}:7299988877766655544`,
        message_id: id,
        timestamp: now,
        type: 'text',
        text: { body: text },
        from: 'fuzzer',
        from_user: { id: `-000Ux9Kp${n}`, role: 'personal_account' },
        to: 'acme',
        to_user: { id: ACCOUNT.tiktok, role: 'business_account' },
      };
      return json({ client_key: 'fuzzkey', event: 'im_receive_msg', create_time: Math.floor(now / 1000), user_openid: ACCOUNT.tiktok, content: JSON.stringify(content) }, id);
    }
    case 'twilio': {
      const sid = `SM${hex(16)}`;
      const params = {
        SmsMessageSid: sid,
        NumMedia: '0',
        ProfileName: 'Fuzz',
        MessageType: 'text',
        SmsSid: sid,
        WaId: '5511987654321',
        SmsStatus: 'received',
        Body: text,
        To: TWILIO.sender,
        NumSegments: '1',
        MessageSid: sid,
        AccountSid: TWILIO.sid,
        From: 'whatsapp:+5511987654321',
        ApiVersion: '2010-04-01',
      };
      return { body: Buffer.from(new URLSearchParams(params).toString()), contentType: 'application/x-www-form-urlencoded', externalId: sid, value: params };
    }
  }
}

// --- signing ------------------------------------------------------------------------------------

type SignMode = 'valid' | 'none' | 'wrong' | 'replayed';
const metaSecret = (p: Platform) => (p === 'messenger' ? SECRETS.meta : p === 'instagram' ? SECRETS.instagram : SECRETS.whatsapp);
const tiktokHeader = (body: Buffer, seconds: number) => `t=${seconds},s=${createHmac('sha256', SECRETS.tiktok).update(`${seconds}.`).update(body).digest('hex')}`;

function signatureHeaders(platform: Platform, body: Buffer, mode: SignMode): Record<string, string> {
  if (mode === 'none') return {};
  const now = Math.floor(Date.now() / 1000);
  // A signature that once was valid: TikTok's for these bytes but 73 hours old (beyond the
  // 72-hour retry horizon that bounds its replay window), the others' for a different body.
  const signed = mode === 'replayed' && platform !== 'tiktok' ? validMessage(platform, 'the signed original').body : body;
  switch (platform) {
    case 'messenger':
    case 'instagram':
    case 'whatsapp':
      return { 'x-hub-signature-256': mode === 'wrong' ? `sha256=${hex(32)}` : metaSignature(metaSecret(platform), signed) };
    case 'tiktok':
      return { 'tiktok-signature': mode === 'wrong' ? `t=${now},s=${hex(32)}` : tiktokHeader(signed, mode === 'replayed' ? now - 73 * 3600 : now) };
    case 'twilio':
      return {
        'x-twilio-signature':
          mode === 'wrong' ? randomBytes(20).toString('base64') : twilioSignature(TWILIO.token, `${PUBLIC_URL}/api/v1/webhooks/twilio`, readSignedParams(signed) as Record<string, string>),
      };
  }
}

const post = (platform: Platform, body: Buffer, contentType: string | undefined, headers: Record<string, string>) =>
  t.app.inject({ method: 'POST', url: `/api/v1/webhooks/${PATH[platform]}`, headers: { ...(contentType !== undefined && { 'content-type': contentType }), ...headers }, payload: body });

// --- garbage ------------------------------------------------------------------------------------

/** Every path to a value inside a JSON value, for replacing one with something of another type. */
function paths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [at, ...value.flatMap((v, i) => paths(v, [...at, i]))];
  if (value && typeof value === 'object') return [at, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...at, k]))];
  return [at];
}
function replaceAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? replaceAt(v, rest, replacement) : v));
  return { ...(value as Record<string, unknown>), [head!]: replaceAt((value as Record<string, unknown>)[head!], rest, replacement) };
}

const weirdText = anyText();
const anyJson = fc.jsonValue({ stringUnit: 'binary', maxDepth: 5 });

function garbage(platform: Platform): fc.Arbitrary<{ kind: string; body: Buffer }> {
  const fromValid = (kind: string, f: (b: Built) => fc.Arbitrary<Buffer>) => weirdText.chain((text) => f(validMessage(platform, text)).map((body) => ({ kind, body })));
  const arbitraries: fc.Arbitrary<{ kind: string; body: Buffer }>[] = [
    anyJson.map((v) => ({ kind: 'json', body: Buffer.from(JSON.stringify(v) ?? 'null') })),
    fc.uint8Array({ maxLength: 600 }).map((b) => ({ kind: 'bytes', body: Buffer.from(b) })),
    fromValid('truncated', (b) => fc.integer({ min: 0, max: Math.max(0, b.body.length - 1) }).map((k) => b.body.subarray(0, k))),
    // Bytes that are not UTF-8 inside an otherwise valid body.
    fromValid('invalid-utf8', (b) =>
      fc
        .tuple(fc.integer({ min: 0, max: b.body.length }), fc.constantFrom([0xff], [0xc3, 0x28], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]))
        .map(([k, bad]) => Buffer.concat([b.body.subarray(0, k), Buffer.from(bad), b.body.subarray(k)])),
    ),
    fc
      .tuple(fc.integer({ min: 2, max: 20_000 }), fc.boolean())
      .map(([depth, arrays]) => ({ kind: `nested-${depth}`, body: Buffer.from(arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"entry":'.repeat(depth)}1${'}'.repeat(depth)}`) })),
  ];
  if (platform === 'twilio') {
    // Forms that name our account (so the signature is checked with its token) and carry anything.
    arbitraries.push(
      fc.tuple(fc.dictionary(fc.string({ maxLength: 30 }), weirdText, { maxKeys: 12 }), fc.boolean()).map(([params, named]) => ({
        kind: 'form',
        body: Buffer.from(new URLSearchParams({ ...params, ...(named && { AccountSid: TWILIO.sid }) }).toString()),
      })),
      fromValid('form-mutated', (b) =>
        fc.tuple(fc.constantFrom(...Object.keys(b.value as object)), fc.option(weirdText)).map(([key, v]) => {
          const params = { ...(b.value as Record<string, string>) };
          if (v === null) delete params[key];
          else params[key] = v;
          return Buffer.from(new URLSearchParams(params).toString());
        }),
      ),
    );
  } else {
    // The platform's own shape with one value, anywhere, replaced by a value of any type.
    arbitraries.push(fromValid('mutated', (b) => fc.tuple(fc.constantFrom(...paths(b.value)), anyJson).map(([path, v]) => Buffer.from(JSON.stringify(replaceAt(b.value, path, v)) ?? 'null'))));
  }
  return fc.oneof(...arbitraries);
}

const contentTypes = fc.option(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'application/x-www-form-urlencoded',
    'text/plain',
    'text/html',
    'multipart/form-data; boundary=x',
    'application/octet-stream',
    'application/xml',
    '',
    'application/json; charset=latin1',
  ),
  { nil: undefined },
);

/** Whether a Twilio form names the test channel: its AccountSid, and its sender where Twilio puts it. */
function routesToTheTwilioChannel(params: Record<string, string | string[] | undefined>): boolean {
  const status = params.MessageStatus;
  const statusCallback = typeof status === 'string' && !['received', 'receiving'].includes(status);
  return params.AccountSid === TWILIO.sid && (statusCallback ? params.From : params.To) === TWILIO.sender;
}

async function storedOnce(externalIds: string[]): Promise<void> {
  if (externalIds.length === 0) return;
  const rows = await t.ctx.db
    .selectFrom('messages')
    .select(['external_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('external_id', 'in', externalIds)
    .groupBy('external_id')
    .execute();
  const counts = new Map(rows.map((r) => [r.external_id, Number(r.n)]));
  for (const id of externalIds) expect(counts.get(id), `valid message ${id}`).toBe(1);
}

describe('webhooks under fuzzing', () => {
  for (const platform of ['messenger', 'instagram', 'whatsapp', 'twilio', 'tiktok'] as const) {
    it(`${platform}: garbage gets a clear 4xx (or 200 when verified but unusable), valid messages between it are all stored`, async () => {
      const valid: string[] = [];
      let counts = { garbage: 0, valid: 0 };
      await fc.assert(
        fc.asyncProperty(garbage(platform), contentTypes, fc.constantFrom<SignMode>('valid', 'valid', 'none', 'wrong', 'replayed'), weirdText, async (g, contentType, mode, text) => {
          const res = await post(platform, g.body, contentType, signatureHeaders(platform, g.body, mode));
          counts.garbage++;
          // Twilio's key is the auth token of the one channel the form routes to (its AccountSid and
          // our sender: `To` on a message that comes in, `From` on a status callback); a form that
          // routes to no channel cannot be verified.
          const verifiable = mode === 'valid' && (platform !== 'twilio' || routesToTheTwilioChannel(readSignedParams(g.body)));
          // No signature header: 401 before the body is read. An empty Content-Type matches no
          // parser: 415 before the signature's value is checked.
          const expected = mode === 'none' ? [401] : contentType === '' ? [415] : verifiable ? [200, 400, 415] : [401];
          expectSafeAnswer(res, expected, `${platform} ${g.kind} ${mode} ${contentType}`);
          // A valid message, with any text at all, right after the garbage.
          const m = validMessage(platform, text);
          const ok = await post(platform, m.body, m.contentType, signatureHeaders(platform, m.body, 'valid'));
          expectSafeAnswer(ok, [200], `${platform} valid message ${JSON.stringify(text)}`);
          const stored = await t.ctx.db.selectFrom('messages').select('content').where('external_id', '=', m.externalId).execute();
          expect(stored, `${platform} valid message ${JSON.stringify(text)} stored`).toHaveLength(1);
          valid.push(m.externalId);
          counts.valid++;
        }),
        { seed: FUZZ.seed, numRuns: FUZZ.numRuns },
      );
      await storedOnce(valid);
      counts = { ...counts };
      console.log(`webhook fuzz ${platform}: ${counts.garbage} garbage requests, ${counts.valid} valid messages stored once (seed ${FUZZ.seed})`);
    });
  }

  it('stores texts PostgreSQL cannot hold as they are: NUL dropped, lone surrogates replaced', async () => {
    const cases: [string, string][] = [
      ['a\u0000b', 'ab'],
      ['\u0000', ''],
      ['lone \ud800 high', 'lone \ufffd high'],
      ['lone \udc00 low', 'lone \ufffd low'],
      ['pair 😀 kept', 'pair 😀 kept'],
    ];
    for (const platform of ['messenger', 'instagram', 'whatsapp', 'twilio', 'tiktok'] as const) {
      for (const [text, stored] of cases) {
        const m = validMessage(platform, text);
        expectSafeAnswer(await post(platform, m.body, m.contentType, signatureHeaders(platform, m.body, 'valid')), [200], `${platform} ${JSON.stringify(text)}`);
        const rows = await t.ctx.db.selectFrom('messages').select('content').where('external_id', '=', m.externalId).execute();
        expect(
          rows.map((r) => r.content ?? ''),
          `${platform} ${JSON.stringify(text)}`,
        ).toEqual([stored]);
      }
    }
  });

  it('refuses bodies over 3 MB with 413 (401 unsigned, before reading them), and still takes the next message', async () => {
    for (const platform of ['messenger', 'instagram', 'whatsapp', 'twilio', 'tiktok'] as const) {
      const m = validMessage(platform, 'x'.repeat(3 * 1024 * 1024 + 1));
      for (const mode of ['valid', 'none'] as const) {
        const res = await post(platform, m.body, m.contentType, signatureHeaders(platform, m.body, mode));
        expectSafeAnswer(res, mode === 'none' ? [401] : [413], `${platform} oversized ${mode}`);
      }
      const next = validMessage(platform, 'after the big one');
      expectSafeAnswer(await post(platform, next.body, next.contentType, signatureHeaders(platform, next.body, 'valid')), [200], `${platform} after oversized`);
      await storedOnce([next.externalId]);
    }
  });

  it('stores a replayed delivery once; refuses a TikTok signature older than the replay window', async () => {
    for (const platform of ['messenger', 'instagram', 'whatsapp', 'twilio', 'tiktok'] as const) {
      const m = validMessage(platform, `replay me on ${platform}`);
      const headers = signatureHeaders(platform, m.body, 'valid');
      for (let i = 0; i < 3; i++) expectSafeAnswer(await post(platform, m.body, m.contentType, headers), [200], `${platform} replay ${i}`);
      await storedOnce([m.externalId]);
    }
    const stale = validMessage('tiktok', 'signed 73 hours ago');
    expectSafeAnswer(await post('tiktok', stale.body, stale.contentType, signatureHeaders('tiktok', stale.body, 'replayed')), [401], 'tiktok stale t');
    const future = `t=${Math.floor(Date.now() / 1000) + 600},s=${createHmac('sha256', SECRETS.tiktok)
      .update(`${Math.floor(Date.now() / 1000) + 600}.`)
      .update(stale.body)
      .digest('hex')}`;
    expectSafeAnswer(await post('tiktok', stale.body, stale.contentType, { 'tiktok-signature': future }), [401], 'tiktok future t');
    expect(await t.ctx.db.selectFrom('messages').select('id').where('external_id', '=', stale.externalId).execute()).toEqual([]);
  });

  it('is still ready after all of it', async () => {
    expect((await t.app.inject({ url: '/readyz' })).statusCode).toBe(200);
  });
});
