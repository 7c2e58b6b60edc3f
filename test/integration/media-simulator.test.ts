import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelCredentials } from '../../src/channels/types.ts';
import { provisionChannels } from '../../src/core/channel-accounts/provision-env-channels.ts';
import { createMediaFetcher, type MediaFetcher } from '../../src/core/media/media-fetcher.ts';
import { createMediaServices, type MediaServices } from '../../src/core/media/media-services.ts';
import { startSimulator, type Simulator } from '../../src/simulator/index.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Inbound media end to end: a simulated customer sends an attachment, the platform's signed
 * webhook reaches snorq, ingestion hands the message to the fetcher (onMediaToFetch), and the
 * fetcher downloads the bytes the way each platform serves them (FACTS 2.5, 3.5, 4.5, 5.7, 6.5).
 */
const SECRETS = { messenger: 'meta-secret', instagram: 'ig-secret', whatsapp: 'wa-secret', tiktok: 'tt-secret' };
const ACCOUNTS = {
  messenger: { accountId: '102938475610293', token: 'page-token' },
  instagram: { accountId: '17841400000000000', token: 'ig-token' },
  whatsapp: { accountId: '123456789012345', token: 'wa-token' },
  twilio: { accountId: 'AC0123456789abcdef0123456789abcdef', token: 'twilio-auth-token' },
  tiktok: { accountId: '-000Qb3kLxVY8cF2mDq1rTz0uW7nE5aJ9', token: 'tt-token' },
} as const;
const TWILIO_SENDER = 'whatsapp:+14155238886';

const credentials: Record<keyof typeof ACCOUNTS, ChannelCredentials> = {
  messenger: { platform: 'messenger', pageAccessToken: ACCOUNTS.messenger.token },
  instagram: { platform: 'instagram', accessToken: ACCOUNTS.instagram.token, loginType: 'instagram' },
  whatsapp: { platform: 'whatsapp', accessToken: ACCOUNTS.whatsapp.token },
  twilio: { platform: 'twilio', accountSid: ACCOUNTS.twilio.accountId, authToken: ACCOUNTS.twilio.token },
  tiktok: { platform: 'tiktok', accessToken: ACCOUNTS.tiktok.token },
};

let t: TestApp;
let sim: Simulator;
let services: MediaServices;
let fetcher: MediaFetcher;

beforeAll(async () => {
  t = await createTestApp({
    FACEBOOK_APP_SECRET: SECRETS.messenger,
    INSTAGRAM_APP_SECRET: SECRETS.instagram,
    WHATSAPP_APP_SECRET: SECRETS.whatsapp,
    TIKTOK_CLIENT_SECRET: SECRETS.tiktok,
  });
  const snorqUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  sim = await startSimulator({
    webhookBaseUrl: snorqUrl,
    // Twilio signs the URL it was configured with: snorq's PUBLIC_URL, not the loopback address.
    publicWebhookBaseUrl: t.config.publicUrl,
    secrets: SECRETS,
    accounts: [
      { platform: 'messenger', accountId: ACCOUNTS.messenger.accountId, accessToken: ACCOUNTS.messenger.token },
      { platform: 'instagram', accountId: ACCOUNTS.instagram.accountId, accessToken: ACCOUNTS.instagram.token, username: 'acme.store' },
      { platform: 'whatsapp', accountId: ACCOUNTS.whatsapp.accountId, accessToken: ACCOUNTS.whatsapp.token, wabaId: '109876543210987' },
      { platform: 'twilio', accountId: ACCOUNTS.twilio.accountId, accessToken: ACCOUNTS.twilio.token, sender: TWILIO_SENDER },
      { platform: 'tiktok', accountId: ACCOUNTS.tiktok.accountId, accessToken: ACCOUNTS.tiktok.token },
    ],
  });
  const org = await t.newOrganization();
  await provisionChannels(
    t.ctx.db,
    t.ctx.secretBox,
    org.organizationId,
    (Object.keys(ACCOUNTS) as (keyof typeof ACCOUNTS)[]).map((platform) => ({
      platform,
      externalAccountId: platform === 'twilio' ? `${ACCOUNTS.twilio.accountId}:${TWILIO_SENDER}` : ACCOUNTS[platform].accountId,
      displayName: platform,
      credentials: credentials[platform],
    })),
    'simulator',
  );
  services = await createMediaServices(t.config);
  // The same configuration as production, with the platforms' base URLs on the simulator.
  const { metaGraph, instagramGraph, twilio, tiktok } = sim.baseUrls;
  const config = { ...t.config, META_GRAPH_URL: metaGraph, INSTAGRAM_GRAPH_URL: instagramGraph, TWILIO_API_URL: twilio, TIKTOK_API_URL: tiktok };
  const quiet = () => undefined;
  fetcher = createMediaFetcher({ ...t.ctx, config, store: services.store, log: { info: quiet, warn: quiet, error: quiet }, options: { baseDelayMs: 10 } });
  t.ctx.onMediaToFetch = (ids) => fetcher.enqueue(ids);
});

afterAll(async () => {
  await fetcher?.stop();
  await sim?.close();
  await t?.close();
});

/** How each platform's bytes must have been fetched (FACTS 4.5 two steps, 5.7 Basic + redirect, 6.5 lookup). */
const checkRoute: Record<keyof typeof ACCOUNTS, () => void> = {
  messenger: () => expect(sim.recorded.last({ platform: 'cdn' })?.headers.authorization).toBeUndefined(),
  instagram: () => expect(sim.recorded.last({ platform: 'cdn' })?.headers.authorization).toBeUndefined(),
  whatsapp: () => {
    const lookup = sim.recorded.last({ method: 'GET', path: /^\/graph\/v\d+\.\d+\/[^/]+$/ });
    expect(lookup?.headers.authorization).toBe(`Bearer ${ACCOUNTS.whatsapp.token}`);
    expect(lookup?.query.phone_number_id).toBe(ACCOUNTS.whatsapp.accountId);
  },
  twilio: () => expect(sim.recorded.last({ method: 'GET', path: /\/Media\/[^/]+$/ })?.status).toBe(302),
  tiktok: () => expect(sim.recorded.last({ method: 'POST', path: 'business/message/media/download/' })?.headers['access-token']).toBe(ACCOUNTS.tiktok.token),
};

describe('inbound media from the simulated platforms', () => {
  for (const platform of ['messenger', 'instagram', 'whatsapp', 'twilio', 'tiktok'] as const) {
    it(`${platform}: the customer's image is downloaded and kept`, async () => {
      const bytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(500)]);
      const customer = { id: platform === 'twilio' ? '+4915550001234' : platform === 'whatsapp' ? '4915550001234' : `customer-${platform}` };
      const sent = await sim.customers.send(platform, { accountId: ACCOUNTS[platform].accountId, customer, media: { type: 'image', bytes, mimeType: 'image/png' } });
      expect(sent.status, sent.body).toBe(200);
      await fetcher.idle();
      const row = await t.ctx.db.selectFrom('messages').select(['media', 'content_type']).where('external_id', '=', sent.externalId!).executeTakeFirstOrThrow();
      const item = row.media[0]!;
      expect(item, item.error).toMatchObject({ state: 'stored', size: bytes.length });
      const opened = await services.store.open(item.storageKey!);
      const chunks: Buffer[] = [];
      for await (const chunk of opened!.stream) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
      checkRoute[platform]();
    });
  }
});
