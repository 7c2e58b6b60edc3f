import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiskMediaStore, type MediaStore } from '../../src/core/media/media-store.ts';
import { CHUNK_BYTES, createPostgresMediaStore } from '../../src/core/media/postgres-media-store.ts';
import { createS3Client, createS3MediaStore } from '../../src/core/media/s3-media-store.ts';
import { startTestS3Server, type TestS3Server } from '../helpers/s3-server.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The MediaStore contract, for each MEDIA_STORE: bytes and metadata back as they went in, byte
 * ranges across chunk and part boundaries, a failed stream leaves nothing, removal forgets the
 * key and drops the bytes. The s3 store runs against an S3-compatible server on this machine
 * that checks SigV4 signatures (test/helpers/s3-server.ts).
 */
let t: TestApp;
let s3: TestS3Server;
let dir: string;
const stores = {} as Record<'disk' | 'postgres' | 's3', MediaStore>;
/** Uploads belong to an organisation (a foreign key in the shared stores). */
let org: number;

beforeAll(async () => {
  t = await createTestApp();
  s3 = await startTestS3Server();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'snorq-stores-'));
  stores.disk = createDiskMediaStore(dir);
  stores.postgres = createPostgresMediaStore(t.ctx.db);
  const client = await createS3Client({
    bucket: s3.bucket,
    region: s3.region,
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  stores.s3 = createS3MediaStore(t.ctx.db, { client, bucket: s3.bucket });
  org = (await t.newOrganization()).organizationId;
}, 60_000);
afterAll(async () => {
  await t?.close();
  await s3?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

const read = async (stream: Readable) => Buffer.concat(await stream.toArray());
/** A stream of `bytes` in uneven pieces (as a network delivers them), optionally failing after `failAfter` bytes. */
function pieces(bytes: Buffer, failAfter?: number): Readable {
  return Readable.from(
    (async function* () {
      let at = 0;
      while (at < bytes.length) {
        const n = Math.min(bytes.length - at, 1 + ((at * 7919) % 90_001));
        if (failAfter !== undefined && at + n > failAfter) throw new Error('cut off');
        yield bytes.subarray(at, at + n);
        at += n;
      }
    })(),
  );
}

describe.each(['disk', 'postgres', 's3'] as const)('MEDIA_STORE=%s', (kind) => {
  it('gives back the bytes and metadata it stored, whole and by byte range', async () => {
    const store = stores[kind];
    // Over two postgres chunks and over one S3 multipart part, with a ragged tail.
    const bytes = randomBytes(5 * 1024 * 1024 + 2 * CHUNK_BYTES + 12_345);
    const put = await store.put(pieces(bytes), { mimeType: 'video/mp4', filename: 'clip.mp4', organizationId: org });
    expect(put).toEqual({ storageKey: expect.stringMatching(/^[0-9a-f]{32}$/), size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    expect(await store.stat(put.storageKey)).toEqual({ mimeType: 'video/mp4', filename: 'clip.mp4', organizationId: org, size: bytes.length, sha256: put.sha256 });
    const whole = await store.open(put.storageKey);
    expect(whole).toMatchObject({ size: bytes.length, mimeType: 'video/mp4', filename: 'clip.mp4' });
    expect((await read(whole!.stream)).equals(bytes)).toBe(true);
    for (const [start, end] of [
      // s3rver 3.7 reads `bytes=0-0` as "from 0 to the end" (its `end || Infinity`); S3 itself answers one byte.
      ...(kind === 's3' ? [] : ([[0, 0]] as const)),
      [CHUNK_BYTES - 3, CHUNK_BYTES + 3],
      [CHUNK_BYTES, 2 * CHUNK_BYTES - 1],
      [5 * 1024 * 1024 - 10, 5 * 1024 * 1024 + 10],
      [bytes.length - 1, bytes.length - 1],
      [17, bytes.length - 1],
    ] as const) {
      const part = await store.open(put.storageKey, { start, end });
      expect(part!.size).toBe(bytes.length);
      expect((await read(part!.stream)).equals(bytes.subarray(start, end + 1)), `${start}-${end}`).toBe(true);
    }
    // A small buffer and an empty file too.
    const small = await store.put(Buffer.from('hello'), { mimeType: 'text/plain' });
    expect((await read((await store.open(small.storageKey))!.stream)).toString()).toBe('hello');
    const empty = await store.put(Buffer.alloc(0), { mimeType: 'application/octet-stream' });
    expect(await store.stat(empty.storageKey)).toMatchObject({ size: 0 });
    expect((await read((await store.open(empty.storageKey))!.stream)).length).toBe(0);
  });

  it('keeps nothing of a stream that fails, and forgets a removed file', async () => {
    const store = stores[kind];
    const before = await store.uploadsBefore(new Date(Date.now() + 60_000));
    await expect(store.put(pieces(randomBytes(600_000), 400_000), { mimeType: 'image/png', organizationId: org })).rejects.toThrow('cut off');
    expect(await store.uploadsBefore(new Date(Date.now() + 60_000))).toEqual(before);
    if (kind !== 'disk') expect(await t.ctx.db.selectFrom('media_objects').select('storage_key').where('completed_at', 'is', null).execute()).toEqual([]);

    const put = await store.put(Buffer.from('to be removed'), { mimeType: 'text/plain' });
    await store.remove(put.storageKey);
    expect(await store.stat(put.storageKey)).toBeNull();
    expect(await store.open(put.storageKey)).toBeNull();
    for (const bad of ['../../etc/passwd', 'A'.repeat(32), '']) {
      expect(await store.stat(bad)).toBeNull();
      expect(await store.open(bad)).toBeNull();
    }
  });
});

describe('the S3-compatible server of these tests', () => {
  it('checks SigV4 for real: a request signed with another secret is refused and stores nothing', async () => {
    const refusedBefore = s3.counts.refused;
    const wrong = await createS3Client({
      bucket: s3.bucket,
      region: s3.region,
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: 'not the secret' },
    });
    await expect(wrong.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'media/forged', Body: 'x' }))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    const store = createS3MediaStore(t.ctx.db, { client: wrong, bucket: s3.bucket });
    const before = await t.ctx.db.selectFrom('media_objects').select('storage_key').execute();
    await expect(store.put(Buffer.from('x'), { mimeType: 'text/plain', organizationId: org })).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    expect(s3.counts.refused).toBeGreaterThanOrEqual(refusedBefore + 2);
    expect(await t.ctx.db.selectFrom('media_objects').select('storage_key').execute()).toEqual(before);
    expect(s3.counts.accepted).toBeGreaterThan(0);
  });
});
