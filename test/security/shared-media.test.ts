import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/core/accounts/users.ts';
import { provisionChannels } from '../../src/core/channel-accounts/provision-env-channels.ts';
import { startSimulator, type Simulator } from '../../src/simulator/index.ts';
import type { RunningSnorq } from '../../src/start-snorq.ts';
import { startTestS3Server, type TestS3Server } from '../helpers/s3-server.ts';
import { createTestDatabase } from '../helpers/test-database.ts';
import { eventually } from '../helpers/eventually.ts';
import { startTestSnorq } from '../helpers/test-snorq.ts';
import { freePort } from '../../src/db/free-port.ts';

/**
 * Media shared between machines (MEDIA_STORE=postgres, s3): two instances with DATA_DIRs of their
 * own on one database. A photo a customer sends is downloaded by instance A and served by B; a
 * file an agent uploads through A is sent by B's worker (A stopped), through WhatsApp's upload
 * API, which needs the bytes on B's machine. With the disk store, B has neither file.
 */
const WA = { platform: 'whatsapp' as const, accountId: '106540352200001', accessToken: `EAAshared${randomBytes(12).toString('hex')}`, wabaId: '109876543200001' };
const APP_SECRET = `wa-secret-${randomBytes(6).toString('hex')}`;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** A real PNG header and random bytes: uploads are sniffed. */
const png = () => Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'), randomBytes(700_000)]);

/** Polls a condition (no fixed sleeps): the work happens in background workers. */
const until = <T>(what: string, probe: () => Promise<T | undefined | null | false>): Promise<T> => eventually(probe, what);

let s3: TestS3Server;
beforeAll(async () => {
  s3 = await startTestS3Server();
});
afterAll(async () => {
  await s3?.close();
});

describe.each(['postgres', 's3'] as const)('two instances on one database, MEDIA_STORE=%s', (kind) => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let sim: Simulator;
  let a: RunningSnorq;
  let b: RunningSnorq;
  let token: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const portA = await freePort();
    sim = await startSimulator({
      webhookBaseUrl: `http://127.0.0.1:${portA}`,
      accounts: [WA],
      secrets: { messenger: 'm', instagram: 'i', whatsapp: APP_SECRET, tiktok: 't' },
    });
    const env = { ...(kind === 's3' ? s3.env : { MEDIA_STORE: 'postgres' }), META_GRAPH_URL: sim.baseUrls.metaGraph, WHATSAPP_APP_SECRET: APP_SECRET };
    // Each test instance gets a DATA_DIR of its own (test-snorq.ts): nothing on disk is shared.
    a = await startTestSnorq(db.url, { ...env, PORT: String(portA) });
    b = await startTestSnorq(db.url, env);
    expect(a.ctx.config.dataDir).not.toBe(b.ctx.config.dataDir);
    const org = await db.db.insertInto('organizations').values({ name: 'Shared' }).returning('id').executeTakeFirstOrThrow();
    await createUser(db.db, { organizationId: org.id, email: `agent-${kind}@shared.test`, name: 'Agent', role: 'admin', password: 'shared password 1' });
    await provisionChannels(
      db.db,
      a.ctx.secretBox,
      org.id,
      [{ platform: 'whatsapp', externalAccountId: WA.accountId, displayName: 'WA', credentials: { platform: 'whatsapp', accessToken: WA.accessToken, wabaId: WA.wabaId } }],
      'env',
    );
    const login = await fetch(`${a.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `agent-${kind}@shared.test`, password: 'shared password 1' }),
    });
    token = ((await login.json()) as { token: string }).token;
  }, 90_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await sim?.close();
    await db?.drop();
  });

  it('serves from B the photo a customer sent that A downloaded, and sends through B’s worker the file uploaded through A', async () => {
    // Inbound: the webhook reaches A, A's fetcher stores the photo.
    const photo = png();
    const sent = await sim.customers.send('whatsapp', { accountId: WA.accountId, customer: { id: '4915550007777', name: 'Customer' }, media: { type: 'image', bytes: photo, mimeType: 'image/png' } });
    expect(sent.status).toBe(200);
    const inbound = await until('the photo to be stored', async () => {
      const row = await db.db.selectFrom('messages').select(['id', 'conversation_id', 'media']).where('external_id', '=', sent.externalId!).executeTakeFirst();
      return row?.media[0]?.state === 'stored' ? row : undefined;
    });
    const fromB = await fetch(`${b.url}/api/v1/messages/${inbound.id}/media/0`, { headers: { authorization: `Bearer ${token}` } });
    expect(fromB.status).toBe(200);
    expect(Buffer.from(await fromB.arrayBuffer()).equals(photo)).toBe(true);
    // A byte range too (video seeking), from B.
    const range = await fetch(`${b.url}/api/v1/messages/${inbound.id}/media/0`, { headers: { authorization: `Bearer ${token}`, range: 'bytes=300000-300099' } });
    expect(range.status).toBe(206);
    expect(Buffer.from(await range.arrayBuffer()).equals(photo.subarray(300_000, 300_100))).toBe(true);

    // Outbound: an agent uploads through A…
    const file = png();
    const form = new FormData();
    form.set('file', new Blob([file], { type: 'image/png' }), 'receipt.png');
    const upload = await fetch(`${a.url}/api/v1/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    expect(upload.status).toBe(201);
    const { storageKey } = ((await upload.json()) as { upload: { storageKey: string } }).upload;
    // …A goes away (its machine, its DATA_DIR, its worker), and the reply is queued through B.
    await a.stop();
    const since = sim.recorded.list().at(-1)?.seq ?? 0;
    const reply = await fetch(`${b.url}/api/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId: inbound.conversation_id, content: 'your receipt', media: { storageKey, type: 'image', mimeType: 'image/png' } }),
    });
    expect(reply.status, await reply.clone().text()).toBe(201);
    const replyId = ((await reply.json()) as { message: { id: number } }).message.id;
    const final = await until('B’s worker to send the reply', async () => {
      const row = await db.db.selectFrom('messages').select(['status', 'error_reason']).where('id', '=', replyId).executeTakeFirstOrThrow();
      return row.status === 'pending' ? undefined : row;
    });
    expect(final, final.error_reason ?? '').toMatchObject({ status: 'sent' });
    // WhatsApp received exactly the uploaded bytes (the platform's own media node says so).
    const uploaded = await sim.recorded.waitFor({ method: 'POST', path: /\/media$/ }, { sinceSeq: since });
    const mediaId = (uploaded.response as { id: string }).id;
    const node = await fetch(`${sim.baseUrls.metaGraph}/v25.0/${mediaId}`, { headers: { authorization: `Bearer ${WA.accessToken}` } });
    expect(await node.json()).toMatchObject({ sha256: sha256(file), file_size: String(file.length) });
  });
});
