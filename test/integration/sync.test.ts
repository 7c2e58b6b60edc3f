import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelCredentials } from '../../src/channels/types.ts';
import { provisionChannels } from '../../src/core/channel-accounts/provision-env-channels.ts';
import { createOutboxWorker } from '../../src/core/outbox/outbox-worker.ts';
import { createSyncScheduler, SYNC_LOCK_KEY } from '../../src/core/sync/sync-scheduler.ts';
import type { ChannelSyncReport } from '../../src/contract/sync.ts';
import { startSimulator, type Simulator } from '../../src/simulator/index.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * History sync end to end: simulated customers write over signed webhooks, rows are then deleted
 * from snorq's database (webhooks that never came), and `POST /api/messages/sync` must bring
 * exactly those back from the platforms' history APIs (FACTS 2.7, 3.7, 5.8, 6.7), nothing twice.
 */
const SECRETS = { messenger: 'meta-secret', instagram: 'ig-secret', whatsapp: 'wa-secret', tiktok: 'tt-secret' };
const A = {
  messenger: { accountId: '102938475610293', token: 'page-token', customer: 'psid-1' },
  instagram: { accountId: '17841400000000000', token: 'ig-token', customer: 'igsid-1' },
  whatsapp: { accountId: '123456789012345', token: 'wa-token', customer: '4915550001111' },
  twilio: { accountId: 'AC0123456789abcdef0123456789abcdef', token: 'twilio-auth-token', customer: '+4915550002222' },
  tiktok: { accountId: '-000Qb3kLxVY8cF2mDq1rTz0uW7nE5aJ9', token: 'tt-token', customer: '-000Ux9Kp2LmN4vB7cQ0aZrT8yH1wE3sD' },
} as const;
const SENDER = 'whatsapp:+14155238886';
/** The platforms with a history API or a test of their absence here. */
type Platform = keyof typeof A;
const PLATFORMS = Object.keys(A) as Platform[];
const credentials: Record<Platform, ChannelCredentials> = {
  messenger: { platform: 'messenger', pageAccessToken: A.messenger.token },
  instagram: { platform: 'instagram', accessToken: A.instagram.token, loginType: 'instagram' },
  whatsapp: { platform: 'whatsapp', accessToken: A.whatsapp.token },
  twilio: { platform: 'twilio', accountSid: A.twilio.accountId, authToken: A.twilio.token },
  tiktok: { platform: 'tiktok', accessToken: A.tiktok.token },
};
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

let t: TestApp;
let sim: Simulator;
let token: string;
const channelIds = {} as Record<Platform, number>;
const mediaQueued: number[] = [];

beforeAll(async () => {
  t = await createTestApp({
    FACEBOOK_APP_SECRET: SECRETS.messenger,
    INSTAGRAM_APP_SECRET: SECRETS.instagram,
    WHATSAPP_APP_SECRET: SECRETS.whatsapp,
    TIKTOK_CLIENT_SECRET: SECRETS.tiktok,
  });
  if (!t.app.hasRoute({ method: 'POST', url: '/api/messages/sync' })) throw new Error('POST /api/messages/sync is not registered: add syncRoutes (src/server/routes/sync.ts) to src/server/app.ts');
  const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  sim = await startSimulator({
    webhookBaseUrl: url,
    publicWebhookBaseUrl: t.config.publicUrl,
    secrets: SECRETS,
    accounts: [
      { platform: 'messenger', accountId: A.messenger.accountId, accessToken: A.messenger.token },
      { platform: 'instagram', accountId: A.instagram.accountId, accessToken: A.instagram.token, username: 'acme.store' },
      { platform: 'whatsapp', accountId: A.whatsapp.accountId, accessToken: A.whatsapp.token, wabaId: '109876543210987' },
      { platform: 'twilio', accountId: A.twilio.accountId, accessToken: A.twilio.token, sender: SENDER },
      { platform: 'tiktok', accountId: A.tiktok.accountId, accessToken: A.tiktok.token },
    ],
  });
  const org = await t.newOrganization();
  token = org.token;
  const specs = PLATFORMS.map((platform) => ({
    platform,
    externalAccountId: platform === 'twilio' ? `${A.twilio.accountId}:${SENDER}` : A[platform].accountId,
    displayName: `${platform} channel`,
    credentials: credentials[platform],
  }));
  await provisionChannels(t.ctx.db, t.ctx.secretBox, org.organizationId, specs, 'simulator');
  for (const c of await t.ctx.db.selectFrom('channels').select(['id', 'platform']).execute()) channelIds[c.platform as Platform] = c.id;
  // snorq's platform base URLs on the simulator, as `npm start` sets them with no credentials.
  const { metaGraph, instagramGraph, twilio, tiktok } = sim.baseUrls;
  t.ctx.config = { ...t.config, META_GRAPH_URL: metaGraph, INSTAGRAM_GRAPH_URL: instagramGraph, TWILIO_API_URL: twilio, TIKTOK_API_URL: tiktok };
  t.ctx.onMediaToFetch = (ids) => mediaQueued.push(...ids);
});

afterAll(async () => {
  await sim?.close();
  await t?.close();
});

beforeEach(async () => {
  // Each test starts with no deferral and no "last synced" point.
  await t.ctx.db.updateTable('channels').set({ settings: '{}', connection_state: 'connected' }).execute();
});

const sync = async (): Promise<Record<Platform, ChannelSyncReport>> => {
  const res = await t.app.inject({ method: 'POST', url: '/api/messages/sync', headers: { authorization: `Bearer ${token}` } });
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json() as { channels: ChannelSyncReport[] };
  return Object.fromEntries(body.channels.map((c) => [c.platform, c])) as Record<Platform, ChannelSyncReport>;
};
const say = async (platform: Platform, text: string, kind?: 'echo') => {
  const customer = { id: A[platform].customer, name: 'Ana Souza', username: 'ana.souza' };
  const sent = await sim.customers.send(platform, { accountId: A[platform].accountId, customer, text, ...(kind && { kind }) });
  expect(sent.status, sent.body).toBe(200);
  return sent.externalId!;
};
const rows = (platform: Platform) =>
  t.ctx.db.selectFrom('messages').select(['external_id', 'direction', 'content', 'content_type', 'media', 'metadata', 'id']).where('channel_id', '=', channelIds[platform]).orderBy('id').execute();
const forget = (ids: string[]) => t.ctx.db.deleteFrom('messages').where('external_id', 'in', ids).execute();

describe('POST /api/messages/sync', () => {
  it('needs a signed-in user', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/messages/sync' })).statusCode).toBe(401);
  });

  it('brings back exactly the messages whose webhooks were lost, and nothing twice', async () => {
    const lost: Partial<Record<Platform, string[]>> = {};
    for (const platform of PLATFORMS) {
      const first = await say(platform, `${platform}: hello`);
      const second = await say(platform, `${platform}: is the blue one in stock?`);
      // The business answered from the platform's own app (Messenger, Instagram, TikTok echoes).
      const echo = ['messenger', 'instagram', 'tiktok'].includes(platform) ? await say(platform, `${platform}: yes, it is`, 'echo') : undefined;
      lost[platform] = [second, ...(echo ? [echo] : [])];
      expect((await rows(platform)).map((r) => r.external_id)).toEqual([first, second, ...(echo ? [echo] : [])]);
    }
    const before = Object.fromEntries(await Promise.all(PLATFORMS.map(async (p) => [p, await rows(p)] as const)));
    await forget(Object.values(lost).flat());

    const report = await sync();
    for (const platform of ['messenger', 'instagram', 'twilio', 'tiktok'] as const) {
      const expected = platform === 'twilio' ? 2 : 3;
      expect(report[platform], platform).toMatchObject({ channelId: channelIds[platform], name: `${platform} channel`, fetched: expected, added: lost[platform]!.length, failed: 0 });
      expect(report[platform].error).toBeUndefined();
      const after = await rows(platform);
      const pick = (r: (typeof after)[number]) => ({ external_id: r.external_id, direction: r.direction, content: r.content, content_type: r.content_type });
      expect(
        after.map(pick).sort((a, b) => a.external_id!.localeCompare(b.external_id!)),
        platform,
      ).toEqual(before[platform]!.map(pick).sort((a, b) => a.external_id!.localeCompare(b.external_id!)));
    }
    expect(report.whatsapp).toMatchObject({
      fetched: 0,
      added: 0,
      failed: 0,
      note: 'WhatsApp Cloud API has no history API; messages arrive by webhook only',
      noteText: { code: 'sync.noHistory', params: { platform: 'WhatsApp' } },
    });
    // TikTok replies are addressed to the conversation: the restored message keeps its id (FACTS 6.3).
    const tiktok = (await rows('tiktok')).find((r) => r.external_id === lost.tiktok![0]);
    expect(tiktok?.metadata.conversationId).toEqual(expect.any(String));

    const again = await sync();
    for (const platform of ['messenger', 'instagram', 'twilio', 'tiktok'] as const) expect(again[platform], platform).toMatchObject({ added: 0, failed: 0 });
    const events = await t.ctx.db.selectFrom('events').select('payload').where('type', '=', 'new:message').execute();
    expect(new Set(events.map((e) => JSON.stringify((e.payload as { message: { id: number } }).message.id))).size).toBe(events.length);
  });

  it('does not import snorq’s own replies again', async () => {
    await say('messenger', 'can you help?');
    const conversation = await t.ctx.db.selectFrom('conversations').select('id').where('channel_id', '=', channelIds.messenger).executeTakeFirstOrThrow();
    const outbox = createOutboxWorker({ db: t.ctx.db, config: t.ctx.config, secretBox: t.ctx.secretBox, resolveMedia: () => null, log: quiet });
    const res = await t.app.inject({ method: 'POST', url: '/api/messages', headers: { authorization: `Bearer ${token}` }, payload: { conversationId: conversation.id, content: 'of course' } });
    expect(res.statusCode, res.body).toBe(201);
    await outbox.drain();
    const reply = (await rows('messenger')).find((r) => r.content === 'of course');
    expect(reply?.external_id).toMatch(/^m_/);
    const report = await sync();
    expect(report.messenger).toMatchObject({ added: 0, failed: 0 });
    expect((await rows('messenger')).filter((r) => r.content === 'of course')).toHaveLength(1);
  });

  it('restores media with the platform’s URL and hands it to the media fetcher', async () => {
    const sent = await sim.customers.send('twilio', { accountId: A.twilio.accountId, customer: { id: A.twilio.customer }, media: { type: 'image', mimeType: 'image/png' } });
    await forget([sent.externalId!]);
    mediaQueued.length = 0;
    const report = await sync();
    expect(report.twilio.added).toBe(1);
    const row = (await rows('twilio')).find((r) => r.external_id === sent.externalId);
    expect(row?.content_type).toBe('image');
    expect(row?.media[0]).toMatchObject({
      type: 'image',
      mimeType: 'image/png',
      state: 'pending',
      url: expect.stringMatching(new RegExp(`^${sim.baseUrls.twilio}/2010-04-01/Accounts/${A.twilio.accountId}/Messages/${sent.externalId}/Media/\\w+$`)),
    });
    expect(mediaQueued).toContain(row?.id);
  });

  it('reports a rate limit as failed with the reason and defers that channel only', async () => {
    const lostId = await say('twilio', 'are you there?');
    await forget([lostId]);
    sim.faults.set({ platform: 'twilio', kind: 'rate_limit', retryAfterSeconds: 120 });
    const started = Date.now();
    const report = await sync();
    expect(report.twilio).toMatchObject({
      fetched: 0,
      added: 0,
      failed: 1,
      error: expect.stringMatching(/rate-limiting/),
      errorText: { code: 'platformError.RATE_LIMITED' },
      noteText: { code: 'sync.nextAttempt', params: { nextAt: expect.any(String) } },
    });
    expect(report.messenger.failed).toBe(0);
    const settings = (await t.ctx.db.selectFrom('channels').select('settings').where('id', '=', channelIds.twilio).executeTakeFirstOrThrow()).settings as {
      sync: { nextAttemptAt: string; failures: number };
    };
    expect(Date.parse(settings.sync.nextAttemptAt) - started).toBeGreaterThanOrEqual(119_000);
    expect(settings.sync.failures).toBe(1);

    const calls = sim.recorded.list({ platform: 'twilio' }).length;
    const deferred = await sync();
    expect(deferred.twilio).toMatchObject({ fetched: 0, added: 0, failed: 0, note: expect.stringMatching(/^Deferred until .*rate-limiting/) });
    // The web app's text in the reader's language: the date as a date, the reason by its code.
    expect(deferred.twilio!.noteText).toEqual({
      code: 'sync.deferredBecause',
      params: { untilAt: settings.sync.nextAttemptAt, reason: expect.stringMatching(/rate-limiting/), reasonCode: 'platformError.RATE_LIMITED' },
    });
    expect(sim.recorded.list({ platform: 'twilio' })).toHaveLength(calls);
    expect((await rows('twilio')).some((r) => r.external_id === lostId)).toBe(false);
  });

  it('marks the channel as needing reconnection when the token is rejected', async () => {
    sim.faults.set({ platform: 'tiktok', kind: 'token_expired' });
    const report = await sync();
    expect(report.tiktok).toMatchObject({ failed: 1, error: expect.stringMatching(/access token/) });
    const channel = await t.ctx.db.selectFrom('channels').select(['connection_state', 'last_error']).where('id', '=', channelIds.tiktok).executeTakeFirstOrThrow();
    expect(channel.connection_state).toBe('needs_reconnect');
    const after = (await sync()).tiktok;
    expect(after.note).toMatch(/needs reconnecting/);
    expect(after.noteText).toMatchObject({ code: 'sync.needsReconnectBecause', params: { reason: channel.last_error } });
  });

  it('reads only what changed since the last pass', async () => {
    await sync();
    const seq = sim.recorded.list().at(-1)?.seq ?? 0;
    await sync();
    const twilioList = sim.recorded.list({ platform: 'twilio', path: /Messages\.json$/ }).filter((c) => c.seq > seq);
    expect(twilioList.map((c) => Object.keys(c.query))).toEqual([expect.arrayContaining(['To', 'DateSent>']), expect.arrayContaining(['From', 'DateSent>'])]);
  });
});

/** The scheduler's timer, driven by the test: what is waiting (and how long it asked to wait), and a tick fired at once. */
function manualTimer() {
  const waiting: { fn: () => void; ms: number }[] = [];
  let scheduled: (() => void) | undefined;
  return {
    waiting,
    /** Resolves when the scheduler next sets its timer (after a pass, for the next one). */
    nextScheduled: () => new Promise<void>((resolve) => (scheduled = resolve)),
    fire: () => waiting.shift()!.fn(),
    setTimeout(fn: () => void, ms: number) {
      const entry = { fn, ms };
      waiting.push(entry);
      scheduled?.();
      return entry;
    },
    clearTimeout(handle: unknown) {
      const i = waiting.indexOf(handle as (typeof waiting)[number]);
      if (i >= 0) waiting.splice(i, 1);
    },
  };
}

describe('the sync scheduler', () => {
  it('syncs every organisation on its interval, one instance at a time', async () => {
    const lostId = await say('messenger', 'anyone?');
    await forget([lostId]);
    const timer = manualTimer();
    const scheduler = createSyncScheduler({ db: t.ctx.db, config: { ...t.ctx.config, SYNC_INTERVAL_SECONDS: 1 }, secretBox: t.ctx.secretBox, log: quiet }, timer);

    // Another instance holds the lock: this one skips its pass.
    await t.ctx.db.connection().execute(async (other) => {
      await sql`select pg_advisory_lock(${SYNC_LOCK_KEY}::bigint)`.execute(other);
      expect(await scheduler.runOnce()).toBe(false);
      await sql`select pg_advisory_unlock(${SYNC_LOCK_KEY}::bigint)`.execute(other);
    });
    expect((await rows('messenger')).some((r) => r.external_id === lostId)).toBe(false);

    // Started, it waits one interval; when that has passed, it syncs and waits for the next.
    scheduler.start();
    try {
      expect(timer.waiting.map((w) => w.ms)).toEqual([1000]);
      const next = timer.nextScheduled();
      timer.fire();
      await next;
      expect((await rows('messenger')).some((r) => r.external_id === lostId)).toBe(true);
      expect(timer.waiting.map((w) => w.ms)).toEqual([1000]);
    } finally {
      await scheduler.stop();
    }
    expect(timer.waiting).toEqual([]);
  });

  it('does nothing when SYNC_INTERVAL_SECONDS is 0', async () => {
    const timer = manualTimer();
    const scheduler = createSyncScheduler({ db: t.ctx.db, config: { ...t.ctx.config, SYNC_INTERVAL_SECONDS: 0 }, secretBox: t.ctx.secretBox, log: quiet }, timer);
    const seq = sim.recorded.list().at(-1)?.seq ?? 0;
    scheduler.start();
    // Nothing is waiting to run, so nothing will.
    expect(timer.waiting).toEqual([]);
    await scheduler.stop();
    expect(sim.recorded.list().filter((c) => c.seq > seq)).toHaveLength(0);
  });
});
