import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { provisionChannels } from '../../src/core/channel-accounts/provision-env-channels.ts';
import { createMediaFetcher } from '../../src/core/media/media-fetcher.ts';
import { createMediaServices } from '../../src/core/media/media-services.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { metaSignature } from '../helpers/signing.ts';
import { startFakePlatform, type FakePlatform } from '../unit/channels/fake-platform-server.ts';

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

describe('the media fetcher behind a webhook', () => {
  const SECRET = 'ssrf-meta-secret';
  const PAGE = '102938475610293';
  let t: TestApp;

  beforeAll(async () => {
    // META_GRAPH_URL is the fake platform: its origin is allowed, nothing else on 127.0.0.1 is.
    t = await createTestApp({ FACEBOOK_APP_SECRET: SECRET, META_GRAPH_URL: platform.url });
    const org = await t.newOrganization();
    await provisionChannels(
      t.ctx.db,
      t.ctx.secretBox,
      org.organizationId,
      [{ platform: 'messenger', externalAccountId: PAGE, displayName: 'M', credentials: { platform: 'messenger', pageAccessToken: 'page-token-ssrf' } }],
      'env',
    );
  });
  afterAll(async () => t?.close());

  async function customerSendsImage(mid: string, url: string) {
    const body = JSON.stringify({
      object: 'page',
      entry: [
        {
          id: PAGE,
          time: Date.now(),
          messaging: [{ sender: { id: '7392015648120394' }, recipient: { id: PAGE }, timestamp: Date.now(), message: { mid, attachments: [{ type: 'image', payload: { url } }] } }],
        },
      ],
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks/facebook',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(SECRET, body) },
      payload: body,
    });
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
