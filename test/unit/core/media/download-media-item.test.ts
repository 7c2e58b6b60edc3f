import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { channelOf } from '../../../../src/channels/registry.ts';
import type { FakePlatform } from '../../channels/fake-platform-server.ts';
import { failureOf as failure, startMediaDownloadRig, type MediaDownloadRig } from './media-download-rig.ts';

/**
 * Each platform's download on the one media path (src/core/media): the definition's `media.plan`
 * says which request returns the bytes, core makes every request (lookups too) under the host
 * allow-list, with credentials only where the definition allows them, and stops at the size cap.
 * `api` plays the platform's configured API host, `cdn` another allowed origin that must never
 * get credentials, `internal` what an attacker would aim at.
 */
let rig: MediaDownloadRig;
let api: FakePlatform;
let cdn: FakePlatform;
let internal: FakePlatform;

beforeAll(async () => {
  rig = await startMediaDownloadRig();
  ({ api, cdn, internal } = rig);
});
afterAll(() => rig.close());
beforeEach(() => rig.reset());

const download: MediaDownloadRig['download'] = (...args) => rig.download(...args);
const storedBytes: MediaDownloadRig['storedBytes'] = (outcome) => rig.storedBytes(outcome);

describe('WhatsApp: media id lookup, then the download with the token', () => {
  const credentials = { platform: 'whatsapp', accessToken: 'wa-token' };
  const PNID = '106540352242922';

  it('looks the id up with the Bearer token, then GETs the URL with the same token and a User-Agent', async () => {
    api.reply(
      { json: { messaging_product: 'whatsapp', url: `${api.url}/whatsapp_business/attachments/?mid=1&hash=3`, mime_type: 'image/jpeg', sha256: 'abc', id: 'MEDIA1' } },
      { body: Buffer.from('jpeg!'), headers: { 'content-type': 'application/octet-stream' } },
    );
    const got = await download(channelOf('whatsapp'), { type: 'image', platformMediaId: 'MEDIA1', state: 'pending' }, { credentials, accountId: PNID });
    expect(await storedBytes(got)).toEqual(Buffer.from('jpeg!'));
    expect(got).toMatchObject({ ok: true, stored: { mimeType: 'image/jpeg', size: 5 } });
    const [info, bytes] = api.requests;
    expect(info).toMatchObject({ method: 'GET', path: '/v25.0/MEDIA1' });
    expect(info?.query.get('phone_number_id')).toBe(PNID);
    expect(info?.headers.authorization).toBe('Bearer wa-token');
    expect(bytes?.path).toBe('/whatsapp_business/attachments/');
    expect(bytes?.query.get('mid')).toBe('1');
    expect(bytes?.headers.authorization).toBe('Bearer wa-token');
    expect(bytes?.headers['user-agent']).toMatch(/^snorq/);
  });

  it('looks the URL up again when it expired before it was used', async () => {
    api.reply({ json: { url: `${api.url}/dl/old`, mime_type: 'audio/ogg' } }, { status: 404, body: 'expired' }, { json: { url: `${api.url}/dl/new`, mime_type: 'audio/ogg' } }, { body: 'bytes' });
    const got = await download(channelOf('whatsapp'), { type: 'audio', platformMediaId: 'MEDIA2', state: 'pending' }, { credentials, accountId: PNID }, { attempts: 2 });
    expect((await storedBytes(got)).toString()).toBe('bytes');
    expect(api.requests.map((r) => r.path)).toEqual(['/v25.0/MEDIA2', '/dl/old', '/v25.0/MEDIA2', '/dl/new']);
  });

  it('refuses a media URL or a redirect to a host that is not allowed, and sends the token nowhere else', async () => {
    api.reply({ json: { url: `${internal.url}/steal`, mime_type: 'image/jpeg' } });
    expect(failure(await download(channelOf('whatsapp'), { type: 'image', platformMediaId: 'M3', state: 'pending' }, { credentials, accountId: PNID }))).toMatch(/not a host snorq fetches media from/);
    api.reply({ json: { url: `${api.url}/dl/3` } }, { status: 302, headers: { location: `${internal.url}/admin` } });
    expect(failure(await download(channelOf('whatsapp'), { type: 'image', platformMediaId: 'M4', state: 'pending' }, { credentials, accountId: PNID }))).toMatch(/redirected to 127\.0\.0\.1/);
    api.reply({ json: { url: `${cdn.url}/dl/4` } });
    cdn.reply({ body: 'x' });
    await download(channelOf('whatsapp'), { type: 'image', platformMediaId: 'M5', state: 'pending' }, { credentials, accountId: PNID });
    expect(cdn.requests[0]?.headers.authorization).toBeUndefined();
    expect(internal.requests).toHaveLength(0);
  });

  it('gives a media id that is gone as a final failure', async () => {
    api.reply({ status: 400, json: { error: { message: 'Unsupported get request.', code: 100, error_subcode: 33 } } });
    const got = await download(channelOf('whatsapp'), { type: 'image', platformMediaId: 'GONE', state: 'pending' }, { credentials, accountId: PNID }, { attempts: 3 });
    expect(got).toMatchObject({ ok: false, aborted: false });
    expect(failure(got)).toMatch(/WhatsApp's media lookup answered HTTP 400/);
    expect(api.requests).toHaveLength(1);
  });
});

describe('Twilio: Basic auth on its API host, and the redirect to its media host without it', () => {
  const credentials = { platform: 'twilio', accountSid: 'AC0000', authToken: 'tw-secret' };
  const BASIC = `Basic ${Buffer.from('AC0000:tw-secret').toString('base64')}`;
  const mediaPath = '/2010-04-01/Accounts/AC0000/Messages/MM1/Media/ME1';

  it('GETs the MediaUrl with Basic auth and follows the redirect to the CDN without the credentials', async () => {
    api.reply({ status: 302, headers: { location: `${cdn.url}/signed/abc?Expires=1` } });
    cdn.reply({ body: Buffer.from([1, 2, 3]), headers: { 'content-type': 'image/jpeg' } });
    const got = await download(channelOf('twilio'), { type: 'image', url: `${api.url}${mediaPath}`, state: 'pending' }, { credentials });
    expect(await storedBytes(got)).toEqual(Buffer.from([1, 2, 3]));
    expect(got).toMatchObject({ ok: true, stored: { mimeType: 'image/jpeg' } });
    expect(api.requests[0]).toMatchObject({ method: 'GET', path: mediaPath });
    expect(api.requests[0]?.headers.authorization).toBe(BASIC);
    expect(cdn.requests[0]?.path).toBe('/signed/abc');
    expect(cdn.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('never follows a redirect to a host that is neither Twilio nor an allowed media host (SSRF)', async () => {
    api.reply({ status: 302, headers: { location: `${internal.url}/latest/meta-data/iam` } });
    expect(failure(await download(channelOf('twilio'), { type: 'image', url: `${api.url}${mediaPath}`, state: 'pending' }, { credentials }))).toMatch(/redirected to 127\.0\.0\.1/);
    expect(internal.requests).toHaveLength(0);
  });

  it('sends the credentials to no other origin, and gives a Twilio 404 as a final failure', async () => {
    cdn.reply({ body: 'x' });
    await download(channelOf('twilio'), { type: 'image', url: `${cdn.url}/x`, state: 'pending' }, { credentials });
    expect(cdn.requests[0]?.headers.authorization).toBeUndefined();
    api.reply({ status: 404, json: { code: 20404, message: 'The requested resource was not found' } });
    expect(failure(await download(channelOf('twilio'), { type: 'image', url: `${api.url}${mediaPath}`, state: 'pending' }, { credentials }, { attempts: 3 }))).toMatch(/answered HTTP 404/);
    expect(api.requests).toHaveLength(1);
  });
});

describe('TikTok: download_url lookup with Access-Token, then the download with x-user', () => {
  const credentials = { platform: 'tiktok', accessToken: 'act.tiktok-secret' };
  const source = { credentials, accountId: 'biz-1', externalId: 'msg-1', metadata: { conversationId: 'conv-1' } };

  it('asks for a download_url, then GETs it with the x-user header', async () => {
    api.reply({ json: { code: 0, message: 'OK', data: { download_url: `${api.url}/media/dl/1` } } }, { body: Buffer.from('img'), headers: { 'content-type': 'image/jpeg' } });
    const got = await download(channelOf('tiktok'), { type: 'image', platformMediaId: 'media-1', state: 'pending' }, source);
    expect(await storedBytes(got)).toEqual(Buffer.from('img'));
    const [ask, get] = api.requests;
    expect(ask).toMatchObject({ method: 'POST', path: '/open_api/v1.3/business/message/media/download/' });
    expect(ask?.headers['access-token']).toBe('act.tiktok-secret');
    expect(ask?.json()).toEqual({ business_id: 'biz-1', conversation_id: 'conv-1', message_id: 'msg-1', media_id: 'media-1', media_type: 'IMAGE' });
    expect(get).toMatchObject({ method: 'GET', path: '/media/dl/1' });
    expect(get?.headers['x-user']).toBe('act.tiktok-secret');
  });

  it('refuses a download_url on a host that is not allowed, or a redirect to one, and says a refused token', async () => {
    api.reply({ json: { code: 0, data: { download_url: `${internal.url}/x` } } });
    expect(failure(await download(channelOf('tiktok'), { type: 'image', platformMediaId: 'm', state: 'pending' }, source))).toMatch(/not a host snorq fetches media from/);
    api.reply({ json: { code: 0, data: { download_url: `${api.url}/dl/2` } } }, { status: 307, headers: { location: `${internal.url}/x` } });
    expect(failure(await download(channelOf('tiktok'), { type: 'image', platformMediaId: 'm', state: 'pending' }, source))).toMatch(/redirected to 127\.0\.0\.1/);
    expect(internal.requests).toHaveLength(0);
    api.reply({ json: { code: 40105, message: 'Access token is invalid or expired', data: {} } });
    expect(failure(await download(channelOf('tiktok'), { type: 'image', platformMediaId: 'm', state: 'pending' }, source, { attempts: 3 }))).toBe("TikTok rejected the channel's access token.");
    expect(api.requests.filter((r) => r.method === 'POST')).toHaveLength(3);
  });
});

describe('Messenger and Instagram: signed CDN links, fetched without credentials', () => {
  for (const platform of ['messenger', 'instagram'] as const) {
    it(`${platform}: downloads the URL the platform sent and sends it no token`, async () => {
      cdn.reply({ body: Buffer.from('png!'), headers: { 'content-type': 'image/png' } });
      const credentials = platform === 'messenger' ? { platform, pageAccessToken: 'page-token' } : { platform, accessToken: 'ig-token', loginType: 'instagram' };
      const got = await download(channelOf(platform), { type: 'image', url: `${cdn.url}/cdn/${platform}.png?oh=sig`, state: 'pending' }, { credentials });
      expect(await storedBytes(got)).toEqual(Buffer.from('png!'));
      expect(cdn.requests[0]?.path).toBe(`/cdn/${platform}.png`);
      expect(cdn.requests[0]?.headers.authorization).toBeUndefined();
      expect(cdn.requests[0]?.query.has('access_token')).toBe(false);
    });
  }
});
