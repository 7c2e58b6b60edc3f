import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionChannels } from '../../src/core/channel-accounts/provision-env-channels.ts';
import { createDiskMediaStore, type MediaStore } from '../../src/core/media/media-store.ts';
import { createPostgresMediaStore } from '../../src/core/media/postgres-media-store.ts';
import { createS3Client, createS3MediaStore } from '../../src/core/media/s3-media-store.ts';
import { sweepOrphanedUploads, UPLOAD_GRACE_MS } from '../../src/core/media/sweep-orphaned-uploads.ts';
import { startTestS3Server, type TestS3Server } from '../helpers/s3-server.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

let s3: TestS3Server;
let dir: string;
/** One database per store: the postgres and s3 stores keep their metadata in the same table. */
const apps: TestApp[] = [];

async function storeOf(kind: 'disk' | 'postgres' | 's3'): Promise<{ t: TestApp; store: MediaStore }> {
  const t = await createTestApp();
  apps.push(t);
  if (kind === 'disk') return { t, store: createDiskMediaStore(dir) };
  if (kind === 'postgres') return { t, store: createPostgresMediaStore(t.ctx.db) };
  const client = await createS3Client({
    bucket: s3.bucket,
    region: s3.region,
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  return { t, store: createS3MediaStore(t.ctx.db, { client, bucket: s3.bucket }) };
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'snorq-uploads-'));
  s3 = await startTestS3Server();
});
afterAll(async () => {
  for (const t of apps) await t.close();
  await s3?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe.each(['disk', 'postgres', 's3'] as const)('sweeping uploads never sent (MEDIA_STORE=%s)', (kind) => {
  it('removes an organisation’s old unsent uploads and keeps sent, recent and downloaded files', async () => {
    const { t, store } = await storeOf(kind);
    const org = await t.newOrganization();
    await provisionChannels(
      t.ctx.db,
      t.ctx.secretBox,
      org.organizationId,
      [{ platform: 'whatsapp', externalAccountId: `sweep-${kind}`, displayName: 'WA', credentials: { platform: 'whatsapp', accessToken: 'x' } }],
      'env',
    );
    const channel = await t.ctx.db.selectFrom('channels').selectAll().where('external_account_id', '=', `sweep-${kind}`).executeTakeFirstOrThrow();
    const contact = await t.ctx.db.insertInto('contacts').values({ organization_id: org.organizationId }).returning('id').executeTakeFirstOrThrow();
    const identity = await t.ctx.db
      .insertInto('contact_identities')
      .values({ organization_id: org.organizationId, contact_id: contact.id, channel_id: channel.id, platform: 'whatsapp', platform_user_id: '4901' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const conversation = await t.ctx.db
      .insertInto('conversations')
      .values({ organization_id: org.organizationId, channel_id: channel.id, contact_identity_id: identity.id, contact_id: contact.id })
      .returning('id')
      .executeTakeFirstOrThrow();

    const upload = async () => (await store.put(Buffer.from('%PDF-1.4 invoice'), { mimeType: 'application/pdf', organizationId: org.organizationId })).storageKey;
    const sent = await upload();
    const unsent = await upload();
    const downloaded = (await store.put(Buffer.from('a customer photo'), { mimeType: 'image/jpeg' })).storageKey;
    await t.ctx.db
      .insertInto('messages')
      .values({
        organization_id: org.organizationId,
        conversation_id: conversation.id,
        channel_id: channel.id,
        direction: 'outbound',
        content_type: 'file',
        media: JSON.stringify([{ type: 'file', storageKey: sent, state: 'stored' }]),
        status: 'sent',
        platform_timestamp: new Date(),
      })
      .execute();

    // Not yet past the grace period: nothing goes.
    expect(await sweepOrphanedUploads({ db: t.ctx.db, store })).toEqual([]);
    // A day after a moment between those uploads and a newer one.
    await new Promise((r) => setTimeout(r, 20));
    const later = new Date(Date.now() + UPLOAD_GRACE_MS);
    await new Promise((r) => setTimeout(r, 20));
    const recent = await upload();
    const removed = await sweepOrphanedUploads({ db: t.ctx.db, store }, later);
    expect(removed).toEqual([unsent]);
    expect(await store.stat(unsent)).toBeNull();
    if (kind === 'disk') expect(await fs.stat(store.localPath(unsent)!).catch(() => null)).toBeNull();
    // The bytes are gone too, not only the metadata.
    if (kind === 'postgres') expect(await t.ctx.db.selectFrom('media_chunks').select('seq').where('storage_key', '=', unsent).execute()).toEqual([]);
    if (kind === 's3') expect(await s3Object(unsent)).toBe(404);
    for (const kept of [sent, downloaded, recent]) expect(await store.stat(kept)).not.toBeNull();
  });
});

/** The status S3 answers for the object behind a storage key (signed like the store's own requests). */
async function s3Object(storageKey: string): Promise<number> {
  const { GetObjectCommand, S3ServiceException } = await import('@aws-sdk/client-s3');
  const client = await createS3Client({
    bucket: s3.bucket,
    region: s3.region,
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  try {
    await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: `media/${storageKey}` }));
    return 200;
  } catch (err) {
    if (err instanceof S3ServiceException) return err.$metadata.httpStatusCode ?? 500;
    throw err;
  }
}
