import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { downloadMedia as tiktokDownload } from '../../src/channels/tiktok/api.ts';
import { downloadMedia as twilioDownload } from '../../src/channels/twilio/api.ts';
import { downloadMedia as whatsappDownload } from '../../src/channels/whatsapp/api.ts';
import { provisionChannels } from '../../src/core/channel-accounts/provision-env-channels.ts';
import { createMediaFetcher } from '../../src/core/media/media-fetcher.ts';
import { createMediaServices } from '../../src/core/media/media-services.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { metaSignature } from '../helpers/signing.ts';
import { callContext, startFakePlatform, type FakePlatform } from '../unit/channels/fake-platform-server.ts';

/**
 * Media downloads must never reach a host outside the allow-list (server-side request forgery):
 * not with the first URL and not through a redirect. `internal` plays what an attacker would aim
 * at (a metadata service, an admin port on the same machine); no test may ever see it requested.
 */
let platform: FakePlatform;
let internal: FakePlatform;

beforeAll(async () => {
  platform = await startFakePlatform();
  internal = await startFakePlatform();
  internal.fallback(() => ({ body: 'SECRET INTERNAL DATA', headers: { 'content-type': 'image/png' } }));
});
afterAll(async () => {
  await platform.close();
  await internal.close();
});
beforeEach(() => {
  platform.requests.length = 0;
  internal.requests.length = 0;
});

describe('the channels’ downloadMedia helpers (graph-client fetchBytes)', () => {
  it('Twilio: a MediaUrl on the Twilio host that redirects elsewhere is refused, not followed', async () => {
    const call = callContext({ platform: 'twilio', accountSid: 'AC00000000000000000000000000000000', authToken: 'tw-secret' }, 'AC00000000000000000000000000000000:whatsapp:+1555', { twilio: platform.url });
    platform.reply({ status: 302, headers: { location: `${internal.url}/latest/meta-data/iam` } });
    const got = await twilioDownload(call, `${platform.url}/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages/MM1/Media/ME1`);
    expect(got).toMatchObject({ ok: false, failure: { platformCode: 'untrusted_media_host', retryable: false } });
    expect(internal.requests).toHaveLength(0);
  });

  it('WhatsApp: a media URL on the Graph host that redirects to an internal address is refused', async () => {
    const call = callContext({ platform: 'whatsapp', accessToken: 'wa-secret' }, '123', { metaGraph: platform.url });
    platform.reply({ json: { url: `${platform.url}/dl/1`, mime_type: 'image/png' } }, { status: 302, headers: { location: `${internal.url}/admin` } });
    expect(await whatsappDownload(call, 'MEDIA1')).toMatchObject({ ok: false, failure: { platformCode: 'untrusted_media_host' } });
    expect(internal.requests).toHaveLength(0);
  });

  it('TikTok: a download_url on the TikTok host that redirects to an internal address is refused', async () => {
    const call = callContext({ platform: 'tiktok', accessToken: 'tt-secret' }, 'biz', { tiktok: platform.url });
    platform.reply({ json: { code: 0, message: 'OK', data: { download_url: `${platform.url}/dl/2` } } }, { status: 307, headers: { location: `${internal.url}/x` } });
    expect(await tiktokDownload(call, { conversationId: 'c', messageId: 'm', mediaId: 'i' })).toMatchObject({ ok: false, failure: { platformCode: 'untrusted_media_host' } });
    expect(internal.requests).toHaveLength(0);
  });

  it('still follows a redirect that stays on an allowed host', async () => {
    const call = callContext({ platform: 'twilio', accountSid: 'AC00000000000000000000000000000000', authToken: 'tw-secret' }, 'AC00000000000000000000000000000000:whatsapp:+1555', { twilio: platform.url });
    platform.reply({ status: 302, headers: { location: '/cdn/signed/1' } }, { body: Buffer.from([1, 2, 3]), headers: { 'content-type': 'image/jpeg' } });
    expect(await twilioDownload(call, `${platform.url}/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages/MM1/Media/ME2`)).toEqual({ ok: true, value: { bytes: Buffer.from([1, 2, 3]), mimeType: 'image/jpeg' } });
  });
});

describe('the media fetcher behind a webhook', () => {
  const SECRET = 'ssrf-meta-secret';
  const PAGE = '102938475610293';
  let t: TestApp;

  beforeAll(async () => {
    // META_GRAPH_URL is the fake platform: its origin is allowed, nothing else on 127.0.0.1 is.
    t = await createTestApp({ FACEBOOK_APP_SECRET: SECRET, META_GRAPH_URL: platform.url });
    const org = await t.newOrganization();
    await provisionChannels(t.ctx.db, t.ctx.secretBox, org.organizationId, [{ platform: 'messenger', externalAccountId: PAGE, displayName: 'M', credentials: { platform: 'messenger', pageAccessToken: 'page-token-ssrf' } }], 'env');
  });
  afterAll(async () => t?.close());

  async function customerSendsImage(mid: string, url: string) {
    const body = JSON.stringify({ object: 'page', entry: [{ id: PAGE, time: Date.now(), messaging: [{ sender: { id: '7392015648120394' }, recipient: { id: PAGE }, timestamp: Date.now(), message: { mid, attachments: [{ type: 'image', payload: { url } }] } }] }] });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/webhooks/facebook', headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(SECRET, body) }, payload: body });
    expect(res.statusCode).toBe(200);
  }

  it('refuses an attachment URL pointing inside, directly or through a redirect from an allowed host', async () => {
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const services = await createMediaServices(t.config);
    const fetcher = createMediaFetcher({ ...t.ctx, store: services.store, log: quiet, options: { baseDelayMs: 5, attempts: 1 } });
    t.ctx.onMediaToFetch = (ids) => fetcher.enqueue(ids);
    try {
      platform.reply({ status: 302, headers: { location: `${internal.url}/169.254.169.254` } });
      await customerSendsImage('m_ssrf_direct', `${internal.url}/latest/meta-data`);
      await customerSendsImage('m_ssrf_redirect', `${platform.url}/cdn/image.png`);
      await customerSendsImage('m_ssrf_userinfo', `http://user:pass@${new URL(platform.url).host}/x.png`);
      await customerSendsImage('m_ssrf_scheme', 'file:///etc/passwd');
      await fetcher.idle();
      for (const mid of ['m_ssrf_direct', 'm_ssrf_redirect', 'm_ssrf_userinfo', 'm_ssrf_scheme']) {
        const row = await t.ctx.db.selectFrom('messages').select('media').where('external_id', '=', mid).executeTakeFirstOrThrow();
        expect(row.media[0], mid).toMatchObject({ state: 'failed' });
        expect(row.media[0]!.error, mid).toMatch(/not a host snorq fetches media from|redirected|malformed|no link/i);
      }
      expect(internal.requests).toHaveLength(0);
    } finally {
      await fetcher.stop();
    }
  });
});
