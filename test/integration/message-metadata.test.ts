import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS, channelOf, type Platform } from '../../src/channels/registry.ts';
import type { MessageEvent } from '../../src/channels/types.ts';
import { provisionChannels } from '../../src/core/channel-accounts/provision-env-channels.ts';
import { AppError } from '../../src/core/errors/app-error.ts';
import { storeMessages } from '../../src/core/ingest/store-messages.ts';
import { buildOutboundMessage } from '../../src/core/outbox/build-outbound-message.ts';
import { readMessageMetadata } from '../../src/core/outbox/message-metadata.ts';
import { createOutboxWorker } from '../../src/core/outbox/outbox-worker.ts';
import { retryMessage } from '../../src/core/outbox/retry-message.ts';
import { currentReplyWindow } from '../../src/core/reply-window/current-reply-window.ts';
import { replyWindow } from '../../src/core/reply-window/reply-window.ts';
import type { Channel, Message } from '../../src/db/schema.ts';
import { fixtureBody, loadFixtures } from '../helpers/fixtures.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Each platform's message metadata through the real database: stored by the ingest path
 * (storeMessages, the PL/pgSQL store), read back and parsed with the platform's schema; and a
 * failed reply's metadata through the retry path (retryMessage, then the outbox's
 * buildOutboundMessage). A stored value of the wrong shape is refused there with a reason, and the
 * outbox fails such a reply instead of sending it without its template or tag.
 */

/** Every message event of a platform's fixtures, as its normaliser makes them (a fixture may name its account in `botId`). */
function fixtureMessages(platform: Platform): MessageEvent[] {
  return loadFixtures(platform).flatMap(([, f]) =>
    channelOf(platform)
      .webhook.normalize(fixtureBody(f), f.contentType, (f as { botId?: string }).botId)
      .filter((e): e is MessageEvent => e.kind === 'message'),
  );
}

/** The platform's own keys, with the values its normaliser wrote for them in the fixtures (one message may carry them all). */
function sampleOf(platform: Platform): Record<string, unknown> {
  const own = Object.keys(channelOf(platform).messageMetadata.shape);
  const merged = Object.assign({}, ...fixtureMessages(platform).map((event) => event.metadata ?? {})) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(merged).filter(([key]) => own.includes(key)));
}
const SAMPLES = Object.fromEntries(CHANNELS.map(({ id }) => [id, sampleOf(id)])) as Record<Platform, Record<string, unknown>>;

let t: TestApp;
let organizationId: number;
const channels = new Map<Platform, Channel>();

beforeAll(async () => {
  t = await createTestApp();
  organizationId = (await t.newOrganization()).organizationId;
  for (const { id } of CHANNELS) {
    const row = await t.ctx.db
      .insertInto('channels')
      .values({ organization_id: organizationId, platform: id, external_account_id: `meta-${id}`, display_name: `${id} metadata`, credentials_enc: null })
      .returningAll()
      .executeTakeFirstOrThrow();
    channels.set(id, row);
  }
});
afterAll(async () => t?.close());

async function store(platform: Platform, events: MessageEvent[]) {
  return t.ctx.db.transaction().execute((trx) =>
    storeMessages(
      trx,
      events.map((event) => ({ channel: channels.get(platform)!, event, receivedAt: new Date() })),
    ),
  );
}

async function failedReply(platform: Platform, conversationId: number, metadata: Record<string, unknown>): Promise<Message> {
  const channel = channels.get(platform)!;
  return t.ctx.db
    .insertInto('messages')
    .values({
      organization_id: organizationId,
      conversation_id: conversationId,
      channel_id: channel.id,
      direction: 'outbound',
      content: 'Our reply',
      content_type: 'text',
      media: JSON.stringify([]),
      metadata: JSON.stringify(metadata),
      status: 'failed',
      error_code: 'PLATFORM_UNAVAILABLE',
      platform_timestamp: new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

describe('message metadata through the store', () => {
  it('every platform’s fixtures give a sample of its own keys', () => {
    for (const { id } of CHANNELS) expect(Object.keys(SAMPLES[id]).length, id).toBeGreaterThan(0);
  });

  for (const { id: platform } of CHANNELS) {
    it(`${platform}: every fixture message and the sample are stored, read back and parsed unchanged`, async () => {
      const fixtures = fixtureMessages(platform);
      const sample: MessageEvent = {
        kind: 'message',
        accountId: `meta-${platform}`,
        externalId: `${platform}-sample-1`,
        direction: 'inbound',
        contact: { platformUserId: `${platform}-customer` },
        contentType: 'location',
        text: 'Here I am',
        location: { latitude: 52.52, longitude: 13.405, name: 'Alexanderplatz' },
        metadata: SAMPLES[platform],
      };
      const stored = await store(platform, [...fixtures, sample]);
      expect(stored.length).toBeGreaterThan(1);
      const rows = await t.ctx.db.selectFrom('messages').select(['external_id', 'metadata']).where('channel_id', '=', channels.get(platform)!.id).execute();
      for (const row of rows) expect(readMessageMetadata(platform, row.metadata), row.external_id ?? '').toEqual({ ok: true, metadata: row.metadata });
      const sampleRow = rows.find((row) => row.external_id === `${platform}-sample-1`)!;
      expect(sampleRow.metadata).toEqual({ ...SAMPLES[platform], location: sample.location });
    });
  }
});

describe('message metadata through the retry path', () => {
  /** Which platforms' replies carried a template or a tag (the last test checks both were exercised). */
  const exercised = { template: [] as Platform[], tag: [] as Platform[] };
  for (const { id: platform } of CHANNELS) {
    it(`${platform}: a failed reply is retried and sent with the template or tag it was queued with; a bad value is refused`, async () => {
      // A tag is only what a closed window still allows: the customer wrote two days ago on platforms that offer one.
      const twoDaysAgo = Date.now() - 2 * 24 * 3_600_000;
      const lastInbound = replyWindow(platform, new Date(twoDaysAgo), new Date()).allowed.includes('human_agent_tag') ? twoDaysAgo : Date.now();
      const [inbound] = await store(platform, [
        {
          kind: 'message',
          accountId: `meta-${platform}`,
          externalId: `${platform}-retry-in`,
          direction: 'inbound',
          contact: { platformUserId: `${platform}-retrier` },
          contentType: 'text',
          text: 'Hello?',
          timestamp: lastInbound,
        },
      ]);
      const conversation = inbound!.conversation;
      const window = await currentReplyWindow(t.ctx.db, { id: conversation.id, platform, lastInboundAt: conversation.last_inbound_at });
      const queued = {
        automation: { feature: 'auto-reply', rule: 'office hours' },
        ...(window.allowed.includes('template') &&
          channelOf(platform).api.templates && { template: { name: 'order_update', language: 'en', parameters: { 'body.1': 'A-17' }, parameterFormat: 'POSITIONAL' } }),
        ...(window.allowed.includes('human_agent_tag') && { tag: 'HUMAN_AGENT' }),
      };
      if ('template' in queued) exercised.template.push(platform);
      if ('tag' in queued) exercised.tag.push(platform);
      const reply = await failedReply(platform, conversation.id, { ...queued, ...SAMPLES[platform] });
      const retried = await retryMessage(t.ctx.db, organizationId, reply.id);
      expect(retried.status).toBe('pending');
      expect(readMessageMetadata(platform, retried.metadata)).toEqual({ ok: true, metadata: { ...queued, ...SAMPLES[platform] } });
      const outbound = await buildOutboundMessage({ config: t.config, resolveMedia: () => null }, channels.get(platform)!, `${platform}-retrier`, retried);
      expect(outbound).toMatchObject({ recipientId: `${platform}-retrier`, text: 'Our reply' });
      expect(outbound.template).toEqual('template' in queued ? queued.template : undefined);
      expect(outbound.tag).toEqual('tag' in queued ? queued.tag : undefined);

      // A value of another type under the platform's own first key, and a template without a name.
      const [key] = Object.keys(SAMPLES[platform]);
      for (const bad of [{ [key!]: typeof SAMPLES[platform][key!] === 'number' ? 'nine hundred' : 12345 }, { template: { name: 5, language: 'en' } }]) {
        const broken = await failedReply(platform, conversation.id, bad);
        const refusal = await retryMessage(t.ctx.db, organizationId, broken.id).catch((err: unknown) => err);
        expect(refusal).toBeInstanceOf(AppError);
        expect(refusal).toMatchObject({ code: 'UNPROCESSABLE', message: expect.stringContaining('cannot be sent again'), internal: expect.stringContaining(Object.keys(bad)[0]!) });
        const still = await t.ctx.db.selectFrom('messages').select('status').where('id', '=', broken.id).executeTakeFirstOrThrow();
        expect(still.status).toBe('failed');
        await expect(buildOutboundMessage({ config: t.config, resolveMedia: () => null }, channels.get(platform)!, 'x', broken)).rejects.toThrow(/does not match/);
      }
    });
  }

  it('exercised templates and tags on the platforms that have them', () => {
    expect(exercised.template.length).toBeGreaterThan(0);
    expect(exercised.tag.length).toBeGreaterThan(0);
  });

  it('the outbox fails a reply whose stored metadata is unreadable, with the reason, and does not send it', async () => {
    await provisionChannels(
      t.ctx.db,
      t.ctx.secretBox,
      organizationId,
      [{ platform: 'whatsapp', externalAccountId: 'meta-outbox', displayName: 'WA outbox', credentials: { platform: 'whatsapp', accessToken: 'x' } }],
      'env',
    );
    const channel = await t.ctx.db.selectFrom('channels').selectAll().where('external_account_id', '=', 'meta-outbox').executeTakeFirstOrThrow();
    channels.set('whatsapp', channel);
    const [inbound] = await store('whatsapp', [
      {
        kind: 'message',
        accountId: 'meta-outbox',
        externalId: 'wamid.outbox-in',
        direction: 'inbound',
        contact: { platformUserId: '4915550002' },
        contentType: 'text',
        text: 'Hi',
        timestamp: Date.now(),
      },
    ]);
    const reply = await failedReply('whatsapp', inbound!.conversation.id, { template: { name: 'order_update', language: 7 } });
    await t.ctx.db.updateTable('messages').set({ status: 'pending', next_attempt_at: new Date(), error_code: null }).where('id', '=', reply.id).execute();
    const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      await createOutboxWorker({ db: t.ctx.db, config: t.config, secretBox: t.ctx.secretBox, resolveMedia: () => null, log }).drain();
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      fetchSpy.mockRestore();
    }
    const row = await t.ctx.db.selectFrom('messages').select(['status', 'error_reason']).where('id', '=', reply.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'failed', error_reason: expect.stringMatching(/could not read this reply’s stored details \(template\.language: .*\); it was not sent/) });
    expect(log.error).toHaveBeenCalledWith(expect.objectContaining({ messageId: reply.id, problem: expect.stringContaining('template.language') }), expect.stringContaining('unreadable'));
  });
});
