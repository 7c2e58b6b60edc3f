import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionChannels } from '../../src/core/channels/provision-env-channels.ts';
import { createDiskMediaStore, type MediaStore } from '../../src/core/media/media-store.ts';
import { sweepOrphanedUploads, UPLOAD_GRACE_MS } from '../../src/core/media/sweep-orphaned-uploads.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
let store: MediaStore;
let dir: string;

beforeAll(async () => {
  t = await createTestApp();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'snorq-uploads-'));
  store = createDiskMediaStore(dir);
});
afterAll(async () => {
  await t?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('sweeping uploads never sent', () => {
  it('removes an organisation’s old unsent uploads and keeps sent, recent and downloaded files', async () => {
    const org = await t.newOrganization();
    await provisionChannels(t.ctx.db, t.ctx.secretBox, org.organizationId, [{ platform: 'whatsapp', externalAccountId: 'sweep-1', displayName: 'WA', credentials: { platform: 'whatsapp', accessToken: 'x' } }], 'env');
    const channel = await t.ctx.db.selectFrom('channels').selectAll().where('external_account_id', '=', 'sweep-1').executeTakeFirstOrThrow();
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
    expect(await fs.stat(store.localPath(unsent)!).catch(() => null)).toBeNull();
    for (const kept of [sent, downloaded, recent]) expect(await store.stat(kept)).not.toBeNull();
  });
});
