import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { provisionChannels } from '../../src/core/channel-accounts/provision-env-channels.ts';
import { buildOutboundMessage } from '../../src/core/outbox/build-outbound-message.ts';
import { MAX_SEARCH_OFFSET } from '../../src/core/search/search.ts';
import { openDatabase } from '../../src/db/database.ts';
import type { Message } from '../../src/db/schema.ts';
import { startDatabase } from '../../src/db/start-database.ts';
import { buildApp } from '../../src/server/app.ts';
import { metaSignature, whatsappText } from '../helpers/signing.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { databaseUrl } from '../helpers/test-database.ts';

/**
 * Client input that reaches a file name or a query: an attachment is named by the type snorq
 * stored (never the client's extension, never a path), a search cursor is only one snorq handed
 * out, and no statement of the app's pool runs longer than DATABASE_STATEMENT_TIMEOUT_MS, while
 * migrations still may.
 */
const SECRET = 'files-wa-secret';
const PDF = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\n');
let t: TestApp;
let auth: { authorization: string };
let conversationId: number;

beforeAll(async () => {
  t = await createTestApp({ WHATSAPP_APP_SECRET: SECRET });
  const org = await t.newOrganization();
  auth = { authorization: `Bearer ${org.token}` };
  await provisionChannels(
    t.ctx.db,
    t.ctx.secretBox,
    org.organizationId,
    [{ platform: 'whatsapp', externalAccountId: '5550088', displayName: 'WA', credentials: { platform: 'whatsapp', accessToken: 'wa-token-files' } }],
    'env',
  );
  for (let i = 0; i < 3; i++) {
    const body = JSON.stringify(whatsappText({ phoneNumberId: '5550088', from: '4915550008888', id: `wamid.files.${i}`, text: `voucher number ${i}`, timestamp: Date.now() + i }));
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks/whatsapp',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(SECRET, body) },
      payload: body,
    });
    expect(res.statusCode).toBe(200);
  }
  conversationId = (await t.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', 'wamid.files.0').executeTakeFirstOrThrow()).conversation_id;
});
afterAll(async () => t?.close());

async function upload(file: Buffer, type: string, filename: string) {
  const boundary = '----files';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/uploads', headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { upload: { storageKey: string; mimeType: string; filename?: string } }).upload;
}

describe('an outbound attachment’s file name', () => {
  it('is the sanitised name with the stored type’s extension, at upload and when sent', async () => {
    const up = await upload(PDF, 'text/html', 'invoice.html');
    expect(up).toMatchObject({ mimeType: 'application/pdf', filename: 'invoice.pdf' });
    expect((await upload(PDF, 'application/pdf', 'Q3 report.PDF')).filename).toBe('Q3 report.pdf');

    // The reply names the file itself: a path, markup's extension, quotes. Only the stem survives.
    for (const [given, expected] of [
      ['../../etc/evil.html', 'evil.pdf'],
      ['report.exe', 'report.pdf'],
      ['a"b<c>%2e.svg', 'ab_c_2e.pdf'],
      ['.htaccess', 'htaccess.pdf'],
      ['<>.svg', 'document.pdf'],
      ['...', undefined],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/messages',
        headers: auth,
        payload: { conversationId, content: 'your invoice', media: { storageKey: up.storageKey, type: 'file', mimeType: 'text/html', filename: given } },
      });
      expect(res.statusCode, res.body).toBe(201);
      const id = (res.json() as { message: { id: number } }).message.id;
      const row = await t.ctx.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(row.media[0], given).toMatchObject({ mimeType: 'application/pdf', type: 'file' });
      // With no usable name of its own, the upload's (already derived) name is used.
      expect(row.media[0]!.filename, given).toBe(expected ?? 'invoice.pdf');
    }
  });

  it('is derived again when the reply is sent, for replies queued with the client’s name', async () => {
    const message = {
      content: null,
      content_type: 'file',
      metadata: {},
      reply_to_external_id: null,
      media: [{ type: 'file', state: 'stored', storageKey: 'k', mimeType: 'application/pdf', filename: 'statement.html' }],
    } as unknown as Message;
    const channel = { platform: 'whatsapp' } as Parameters<typeof buildOutboundMessage>[1];
    const out = await buildOutboundMessage({ config: t.config, resolveMedia: () => ({ url: 'https://snorq.test/media/k' }) }, channel, '4915550008888', message);
    expect(out.media).toMatchObject({ mimeType: 'application/pdf', filename: 'statement.pdf' });
  });
});

describe('the search cursor', () => {
  const search = (cursor: string) => t.app.inject({ url: `/api/v1/search?q=voucher&limit=1&cursor=${encodeURIComponent(cursor)}`, headers: auth });
  const b64 = (s: string) => Buffer.from(s).toString('base64url');

  it('is refused with 400 unless it is one snorq handed out: negative, huge, zero or not a number', async () => {
    for (const cursor of [b64('-20'), b64('-1'), b64('0'), b64('99999999999999999999'), b64(String(MAX_SEARCH_OFFSET + 1)), b64('1e9'), b64('12abc'), b64(' 5'), 'not base64!', '%00']) {
      const res = await search(cursor);
      expect([res.statusCode, (res.json() as { error?: { code?: string } }).error?.code], cursor).toEqual([400, 'VALIDATION_FAILED']);
    }
  });

  it('pages through every match with the cursors it hands out', async () => {
    const seen = new Set<number>();
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res = await t.app.inject({ url: `/api/v1/search?q=voucher&limit=1${cursor ? `&cursor=${cursor}` : ''}`, headers: auth });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { results: { type: string; messageId: number | null }[]; nextCursor: string | null };
      for (const r of body.results) if (r.type === 'message') seen.add(r.messageId!);
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(seen.size).toBe(3);
  });
});

describe('the statement timeout', () => {
  it('cuts off a long statement of the app’s pool with a 503 QUERY_TIMEOUT, not a 500', async () => {
    const handle = openDatabase(databaseUrl(t.ctx.config.DATABASE_URL!.split('/').pop()!), { max: 1, statementTimeoutMs: 100 });
    const app = await buildApp({ ...t.ctx, db: handle.db });
    app.get('/slow-for-test', async () => (await sql`select pg_sleep(5)`.execute(handle.db)).rows);
    try {
      await app.ready();
      const res = await app.inject({ url: '/slow-for-test' });
      expect([res.statusCode, (res.json() as { error: { code: string } }).error.code]).toEqual([503, 'QUERY_TIMEOUT']);
      // The connection survives the cancellation and serves the next request.
      expect((await app.inject({ url: '/api/v1/canned-responses', headers: auth })).statusCode).toBe(200);
    } finally {
      await app.close();
      await handle.close();
    }
  });

  it('is set on every connection of the started pool (configurable), and migrations run without it', async () => {
    expect(loadConfig({}).DATABASE_STATEMENT_TIMEOUT_MS).toBe(30_000);
    const name = `snorq_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: inject('adminDatabaseUrl') });
    await admin.connect();
    await admin.query(`create database ${name}`);
    try {
      // 1 ms: no migration statement would finish in time, yet the empty database is migrated.
      const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl(name), SNORQ_SECRET_KEY: randomBytes(32).toString('base64'), DATABASE_STATEMENT_TIMEOUT_MS: '1' });
      const database = await startDatabase(config, () => undefined);
      try {
        const check = new pg.Client({ connectionString: databaseUrl(name) });
        await check.connect();
        const migrated = await check.query<{ n: number }>('select count(*)::int as n from kysely_migration').finally(() => check.end());
        expect(migrated.rows[0]!.n).toBeGreaterThanOrEqual(10);
        expect((await sql<{ statement_timeout: string }>`show statement_timeout`.execute(database.db)).rows[0]!.statement_timeout).toBe('1ms');
        await expect(sql`select pg_sleep(0.5)`.execute(database.db)).rejects.toMatchObject({ code: '57014' });
      } finally {
        await database.close();
      }
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
