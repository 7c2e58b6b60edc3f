import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionChannels } from '../../src/core/channel-accounts/provision-env-channels.ts';
import { createUser } from '../../src/core/accounts/users.ts';
import { jsonNestsDeeperThan, MAX_JSON_DEPTH } from '../../src/server/plugins/json-body.ts';
import type { RunningSnorq } from '../../src/start-snorq.ts';
import { metaSignature, whatsappText } from '../helpers/signing.ts';
import { createTestDatabase } from '../helpers/test-database.ts';
import { startTestSnorq } from '../helpers/test-snorq.ts';

/**
 * Bodies an attacker controls: too large, or nested deep enough to exhaust the stack of whatever
 * walks them. They are refused before they are read or parsed (413, 401) or before any recursive
 * walk (400 JSON_TOO_DEEP), in the one error shape, while the process keeps answering others;
 * nothing stored changes. Over a real port, as a client on the internet would send them.
 */
const SECRET = 'bodies-wa-secret';
const PHONE_ID = '5550077';
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let snorq: RunningSnorq;
let base: string;
let token: string;
let conversationId: number;

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/** `[[[…]]]`, `depth` deep; as many bytes as twice the depth. */
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

async function post(path: string, body: string | Buffer, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  return { status: res.status, text, code: text.startsWith('{') ? (JSON.parse(text) as { error?: { code?: string } }).error?.code : undefined };
}

const storedCounts = async () => ({
  messages: Number(
    (
      await db.db
        .selectFrom('messages')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  conversations: Number(
    (
      await db.db
        .selectFrom('conversations')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  journal: Number(
    (
      await db.db
        .selectFrom('webhook_events')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
});

beforeAll(async () => {
  db = await createTestDatabase();
  snorq = await startTestSnorq(db.url, { WHATSAPP_APP_SECRET: SECRET });
  base = snorq.url;
  const org = await db.db.insertInto('organizations').values({ name: 'Bodies' }).returning('id').executeTakeFirstOrThrow();
  const email = `admin-${randomBytes(4).toString('hex')}@example.test`;
  await createUser(db.db, { organizationId: org.id, email, name: 'Admin', role: 'admin', password: 'correct horse battery' });
  const login = await post('/api/v1/auth/login', JSON.stringify({ email, password: 'correct horse battery' }));
  token = (JSON.parse(login.text) as { token: string }).token;
  await provisionChannels(
    db.db,
    snorq.ctx.secretBox,
    org.id,
    [{ platform: 'whatsapp', externalAccountId: PHONE_ID, displayName: 'WA', credentials: { platform: 'whatsapp', accessToken: 'wa-token-bodies' } }],
    'env',
  );
  const hello = JSON.stringify(whatsappText({ phoneNumberId: PHONE_ID, from: '4915550007777', id: 'wamid.bodies', text: 'hello', timestamp: Date.now() }));
  expect((await post('/api/v1/webhooks/whatsapp', hello, { 'x-hub-signature-256': metaSignature(SECRET, hello) })).status).toBe(200);
  conversationId = (await db.db.selectFrom('messages').select('conversation_id').where('external_id', '=', 'wamid.bodies').executeTakeFirstOrThrow()).conversation_id;
});
afterAll(async () => {
  await snorq?.stop();
  await db?.drop();
});

describe('request bodies', () => {
  it('a 2 MB deeply nested body is refused at once, and /healthz answers meanwhile', async () => {
    const before = await storedCounts();
    const bomb = nested(1024 * 1024);
    const auth = { authorization: `Bearer ${token}` };
    // All sent together: the refusals and the health check share the process.
    const [reply, login, unauthenticated, webhook, health] = await Promise.all([
      post('/api/messages', bomb, auth),
      post('/api/v1/auth/login', bomb),
      post('/api/v1/tokens', bomb),
      post('/api/v1/webhooks/whatsapp', bomb, { 'x-hub-signature-256': metaSignature('not-the-secret', bomb) }),
      fetch(`${base}/healthz`).then((r) => r.status),
    ]);
    expect(health).toBe(200);
    // Over the JSON API's limit: refused by its Content-Length, before a byte of it is read.
    expect([reply.status, reply.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect([login.status, login.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    // Authentication comes first (onRequest): no token, no body read.
    expect([unauthenticated.status, unauthenticated.code]).toEqual([401, 'UNAUTHENTICATED']);
    // Webhooks keep their 3 MB, and check the signature over the raw bytes before any parse.
    expect([webhook.status, webhook.code]).toEqual([401, 'INVALID_SIGNATURE']);
    expect(await storedCounts()).toEqual(before);
  });

  it('is answered before its body has even been sent when it cannot be accepted', async () => {
    // Headers announce 2 MB, 1 KB of it is sent, and the rest never is: the answer must come
    // from the headers alone (a server that read the body first would still be waiting).
    const partly = (path: string, headers: Record<string, string>) =>
      new Promise<{ status: number; code?: string }>((resolve, reject) => {
        const req = http.request(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(2 * 1024 * 1024), ...headers } }, (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (c: string) => (text += c));
          res.on('end', () => {
            req.destroy();
            resolve({ status: res.statusCode ?? 0, code: (JSON.parse(text) as { error?: { code?: string } }).error?.code });
          });
        });
        req.on('error', reject);
        req.write('['.repeat(1024));
      });
    const before = await storedCounts();
    const [tooLarge, unauthenticated, unsigned, health] = await Promise.all([
      partly('/api/messages', { authorization: `Bearer ${token}` }),
      partly('/api/v1/tokens', {}),
      partly('/api/v1/webhooks/whatsapp', {}),
      fetch(`${base}/healthz`).then((r) => r.status),
    ]);
    expect(tooLarge).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(unauthenticated).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(unsigned).toEqual({ status: 401, code: 'INVALID_SIGNATURE' });
    expect(health).toBe(200);
    expect(await storedCounts()).toEqual(before);
  });

  it('JSON nested deeper than the limit is refused before it is parsed or walked, on every JSON route', async () => {
    const before = await storedCounts();
    // 200,000 levels in 400 KB would be over the size limit; 100,000 levels fit under it.
    const deep = nested(100_000);
    const auth = { authorization: `Bearer ${token}` };
    for (const [path, headers] of [
      ['/api/messages', auth],
      ['/api/v1/auth/login', {}],
      ['/api/v1/tokens', auth],
    ] as const) {
      const res = await post(path, deep, headers);
      expect([res.status, res.code], `${path}: ${res.text}`).toEqual([400, 'JSON_TOO_DEEP']);
    }
    // Just over the limit, inside a body that is otherwise a valid reply.
    const tooDeep = JSON.stringify({ conversationId, content: 'deep', template: { name: 'x', language: 'en', variables: JSON.parse(nested(MAX_JSON_DEPTH)) as unknown } });
    expect((await post('/api/messages', tooDeep, auth)).code).toBe('JSON_TOO_DEEP');
    expect(await storedCounts()).toEqual(before);
    // The health check was never disturbed, and an ordinary reply still goes through.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ok = await post('/api/messages', JSON.stringify({ conversationId, content: 'still here' }), auth);
    expect(ok.status, ok.text).toBe(201);
  });

  it('a JSON API body over 256 KB is 413; webhooks and uploads keep their own limits', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const big = await post('/api/messages', JSON.stringify({ conversationId, content: 'x'.repeat(300 * 1024) }), auth);
    expect([big.status, big.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    // A signed 2.5 MB webhook (Meta allows 3 MB) is still accepted.
    const padded = { ...whatsappText({ phoneNumberId: PHONE_ID, from: '4915550007777', id: 'wamid.bodies.large', text: 'large', timestamp: Date.now() }), padding: 'p'.repeat(2.5 * 1024 * 1024) };
    const body = JSON.stringify(padded);
    const res = await post('/api/v1/webhooks/whatsapp', body, { 'x-hub-signature-256': metaSignature(SECRET, body) });
    expect(res.status, res.text).toBe(200);
    await db.db.selectFrom('messages').select('id').where('external_id', '=', 'wamid.bodies.large').executeTakeFirstOrThrow();
    // A 3 MB image upload (images may be 5 MB) is multipart, capped by type, not by the JSON limit.
    const form = new FormData();
    form.set('file', new Blob([Buffer.concat([PNG, Buffer.alloc(3 * 1024 * 1024)])], { type: 'image/png' }), 'large.png');
    const upload = await fetch(`${base}/api/v1/uploads`, { method: 'POST', headers: auth, body: form });
    expect(upload.status, await upload.clone().text()).toBe(201);
    expect(((await upload.json()) as { upload: { size: number } }).upload.size).toBe(PNG.length + 3 * 1024 * 1024);
  });
});

describe('the depth scan', () => {
  it('counts only brackets outside strings, escapes included', () => {
    expect(jsonNestsDeeperThan(nested(64), 64)).toBe(false);
    expect(jsonNestsDeeperThan(nested(65), 64)).toBe(true);
    expect(jsonNestsDeeperThan(`{"a":"${'['.repeat(500)}"}`, 64)).toBe(false);
    expect(jsonNestsDeeperThan(`{"a":"\\"${'{'.repeat(500)}"}`, 64)).toBe(false);
    expect(jsonNestsDeeperThan(`["\\\\"${'['.repeat(65)}`, 64)).toBe(true);
    expect(jsonNestsDeeperThan('[{"a":[1,2,{"b":[]}]}]'.repeat(1000), 5)).toBe(false);
  });
});
