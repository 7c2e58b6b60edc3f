import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionChannels } from '../../src/core/channel-accounts/provision-env-channels.ts';
import { createMediaServices, type MediaServices } from '../../src/core/media/media-services.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { metaSignature, whatsappText } from '../helpers/signing.ts';

/**
 * Files in and out: an upload can never land outside DATA_DIR/media whatever its name, markup
 * is never accepted as a file to send, and whatever is stored (customers send anything) is served
 * so that a browser cannot run it as a page. The public /media/ links need a valid signature.
 */
const SECRET = 'uploads-wa-secret';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
let t: TestApp;
let services: MediaServices;
let auth: { authorization: string };
let conversationId: number;
let messageId: number;

beforeAll(async () => {
  t = await createTestApp({ WHATSAPP_APP_SECRET: SECRET });
  services = await createMediaServices(t.config);
  const org = await t.newOrganization();
  auth = { authorization: `Bearer ${org.token}` };
  await provisionChannels(
    t.ctx.db,
    t.ctx.secretBox,
    org.organizationId,
    [{ platform: 'whatsapp', externalAccountId: '5550003', displayName: 'WA', credentials: { platform: 'whatsapp', accessToken: 'wa-token-uploads' } }],
    'env',
  );
  const body = JSON.stringify(whatsappText({ phoneNumberId: '5550003', from: '4915550003333', id: 'wamid.uploads', text: 'hi', timestamp: Date.now() }));
  await t.app.inject({ method: 'POST', url: '/api/v1/webhooks/whatsapp', headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(SECRET, body) }, payload: body });
  const row = await t.ctx.db.selectFrom('messages').select(['id', 'conversation_id']).where('external_id', '=', 'wamid.uploads').executeTakeFirstOrThrow();
  conversationId = row.conversation_id;
  messageId = row.id;
});
afterAll(async () => t?.close());

function upload(file: Buffer, type: string, filename: string) {
  const boundary = '----uploads';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({ method: 'POST', url: '/api/v1/uploads', headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** Serve a stored file as the attachment of the customer's message, as the inbox would show it. */
async function serveAs(mimeType: string, bytes: Buffer, filename?: string) {
  const put = await services.store.put(bytes, { mimeType, ...(filename && { filename }) });
  await t.ctx.db
    .updateTable('messages')
    .set({ media: JSON.stringify([{ type: 'file', state: 'stored', storageKey: put.storageKey, mimeType, ...(filename && { filename }) }]) })
    .where('id', '=', messageId)
    .execute();
  return t.app.inject({ url: `/api/v1/messages/${messageId}/media/0`, headers: auth });
}

describe('uploads', () => {
  it('stay inside DATA_DIR/media whatever the file is called', async () => {
    const names = ['../../../../escaped.png', '..\\..\\escaped.png', '/etc/escaped.png', 'a/../../escaped.png', '%2e%2e%2fescaped.png', 'escaped\u0000.png', '....//escaped.png'];
    const before = await filesUnder(t.config.dataDir);
    for (const name of names) {
      const res = await upload(PNG, 'image/png', name);
      expect([201, 400], `${name}: ${res.body}`).toContain(res.statusCode);
      if (res.statusCode !== 201) continue;
      const { upload: stored } = res.json() as { upload: { storageKey: string; filename?: string } };
      expect(stored.storageKey).toMatch(/^[0-9a-f]{32}$/);
      expect(stored.filename ?? '', name).not.toMatch(/[/\\]|\.\.[/\\]/);
      expect(stored.filename ?? '', name).not.toContain('\u0000');
    }
    const added = (await filesUnder(t.config.dataDir)).filter((f) => !before.includes(f));
    const mediaDir = path.join(t.config.dataDir, 'media') + path.sep;
    expect(added.length).toBeGreaterThan(0);
    for (const file of added) expect(file.startsWith(mediaDir), file).toBe(true);
    expect(added.some((f) => path.basename(f).includes('escaped'))).toBe(false);
    await expect(fs.access(path.resolve(t.config.dataDir, '..', 'escaped.png'))).rejects.toThrow();
  });

  it('refuse markup and anything a browser could run, whatever type it claims', async () => {
    const hostile: [Buffer, string, string][] = [
      [Buffer.from('<!doctype html><script>alert(1)</script>'), 'text/html', 'page.html'],
      [Buffer.from('<html><script>alert(1)</script></html>'), 'text/plain', 'notes.txt'],
      [Buffer.from('\ufeff  <script>alert(1)</script>'), 'text/plain', 'bom.txt'],
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'image/svg+xml', 'x.svg'],
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'image/png', 'x.png'],
      [Buffer.from('<html><body>hi</body></html>'), 'application/pdf', 'x.pdf'],
      [Buffer.from('alert(1)'), 'application/javascript', 'x.js'],
      [Buffer.from('<?xml version="1.0"?><x/>'), 'application/xml', 'x.xml'],
    ];
    for (const [bytes, type, name] of hostile) {
      const res = await upload(bytes, type, name);
      expect(res.statusCode, `${type} ${name}: ${res.body}`).toBe(415);
    }
  });

  it('keep a file recognised by its bytes under a name that matches them (no PNG or PDF named .html)', async () => {
    const polyglots: [Buffer, string, string, string][] = [
      [Buffer.concat([PNG, Buffer.from('<script>alert(1)</script>')]), 'text/html', 'x.html', 'image/png'],
      [Buffer.from('%PDF-1.4\n<html><script>alert(1)</script></html>'), 'text/html', 'invoice.htm', 'application/pdf'],
      [PNG, 'image/png', 'photo.PNG', 'image/png'],
    ];
    for (const [bytes, type, name, stored] of polyglots) {
      const res = await upload(bytes, type, name);
      expect(res.statusCode, res.body).toBe(201);
      const { upload: kept } = res.json() as { upload: { mimeType: string; filename: string } };
      expect(kept.mimeType).toBe(stored);
      expect(kept.filename, name).toMatch(stored === 'image/png' ? /\.png$/i : /\.pdf$/);
      // The stem is the client's; the extension is the stored type's, never the client's.
      expect(kept.filename).toBe(name.replace(/\.[^.]+$/, stored === 'image/png' ? '.png' : '.pdf'));
    }
  });
});

describe('serving stored media', () => {
  it('never as a page: active types become downloads of application/octet-stream, sandboxed and not sniffed', async () => {
    for (const type of ['text/html', 'image/svg+xml', 'application/xhtml+xml', 'text/xml', 'application/javascript', 'text/html; charset=utf-8', 'application/x-unknown', 'TEXT/HTML']) {
      const res = await serveAs(type, Buffer.from('<html><script>alert(document.cookie)</script></html>'), 'invoice.html');
      expect(res.statusCode, type).toBe(200);
      expect(res.headers['content-type'], type).toBe('application/octet-stream');
      expect(res.headers['content-disposition'], type).toMatch(/^attachment/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toMatch(/sandbox/);
    }
  });

  it('images inline, but still sandboxed and not sniffed; a hostile file name cannot break the header', async () => {
    const res = await serveAs('image/png', PNG, 'a"; filename=evil.html\r\nX-Injected: 1.png');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toMatch(/sandbox/);
    expect(res.headers['x-injected']).toBeUndefined();
    expect(String(res.headers['content-disposition'])).not.toMatch(/filename="[^"]*"[^;]*filename=evil/);
  });
});

describe('public /media/ links', () => {
  it('need a valid, unexpired signature for that very key, and refuse paths that are not a key', async () => {
    const put = await services.store.put(PNG, { mimeType: 'image/png' });
    const other = await services.store.put(PNG, { mimeType: 'image/png' });
    const good = new URL(services.signer.sign(put.storageKey));
    expect((await t.app.inject({ url: `${good.pathname}${good.search}` })).statusCode).toBe(200);
    const expired = new URL(services.signer.sign(put.storageKey, { nowMs: Date.now() - 2 * 86_400_000 }));
    const forOther = new URL(services.signer.sign(other.storageKey));
    const refused: [string, number][] = [
      [`/media/${put.storageKey}`, 403],
      [`/media/${put.storageKey}?exp=9999999999&sig=${'0'.repeat(64)}`, 403],
      [`${expired.pathname}${expired.search}`, 403],
      [`/media/${put.storageKey}${forOther.search}`, 403],
      ['/media/..%2f..%2fpackage.json', 404],
      ['/media/%2e%2e%2f%2e%2e%2fsecret.key', 404],
      [`/media/${put.storageKey.slice(0, 2)}%2f${put.storageKey}${good.search}`, 404],
      [`/media/${put.storageKey}.json${good.search}`, 404],
      ['/media/../../etc/passwd', 404],
    ];
    for (const [url, status] of refused) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(status);
      expect(res.body, url).not.toContain('PNG');
    }
  });

  it('an attachment reference is only ever a storage key of this organisation', async () => {
    for (const storageKey of ['../../secret.key', '..', '/etc/passwd', 'media/../../secret', '0'.repeat(32)]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/messages', headers: auth, payload: { conversationId, content: 'x', media: { storageKey, type: 'image', mimeType: 'image/png' } } });
      expect(res.statusCode, storageKey).toBe(400);
    }
  });
});
