import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MediaSource } from '../../../../src/channels/channel-definition.ts';
import { CHANNELS, channelOf } from '../../../../src/channels/registry.ts';
import { planTelegramDownload, TELEGRAM_DOWNLOAD_MAX_BYTES } from '../../../../src/channels/telegram/download-file.ts';
import { platformUrls, type PlatformUrls } from '../../../../src/channels/registry-config.ts';
import type { ChannelCredentials } from '../../../../src/channels/types.ts';
import { loadConfig } from '../../../../src/config/config.ts';
import { downloadMediaItem, type ItemOutcome, type MediaFetchOptions } from '../../../../src/core/media/download-media-item.ts';
import { mediaHostPolicyOf, type MediaChannel } from '../../../../src/core/media/media-hosts.ts';
import { createDiskMediaStore, type MediaStore } from '../../../../src/core/media/media-store.ts';
import type { MediaItem } from '../../../../src/db/schema.ts';
import { startFakePlatform, type FakePlatform } from '../../channels/fake-platform-server.ts';

/**
 * Each platform's download on the one media path (src/core/media): the definition's `media.plan`
 * says which request returns the bytes, core makes every request (lookups too) under the host
 * allow-list, with credentials only where the definition allows them, and stops at the size cap.
 * `api` plays the platform's configured API host, `cdn` another allowed origin that must never
 * get credentials, `internal` what an attacker would aim at.
 */
let api: FakePlatform;
let cdn: FakePlatform;
let internal: FakePlatform;
let tmp: string;
let store: MediaStore;

beforeAll(async () => {
  [api, cdn, internal] = await Promise.all([startFakePlatform(), startFakePlatform(), startFakePlatform()]);
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'snorq-media-dl-'));
  store = createDiskMediaStore(tmp);
});
afterAll(async () => {
  await Promise.all([api.close(), cdn.close(), internal.close()]);
  await fs.rm(tmp, { recursive: true, force: true });
});
beforeEach(() => {
  for (const server of [api, cdn, internal]) server.requests.length = 0;
});

const BOT_TOKEN = '7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
/** Telegram's media section as its definition gives it (src/channels/telegram): the token is in the path, so only the configured API host. */
const telegram: MediaChannel = { id: 'telegram', media: { hosts: [], credentialHosts: [], credentialUrls: ['telegram'], maxBytes: TELEGRAM_DOWNLOAD_MAX_BYTES, plan: planTelegramDownload } };
/** Stands in for a CDN: an allowed origin that is no platform's credential host. */
const cdnStandIn: MediaChannel = { id: 'cdn', media: { hosts: [], credentialHosts: [], credentialUrls: ['cdn'], maxBytes: 1, plan: async () => ({ ok: false, failure: { reason: 'unused', transient: false } }) } };

/** Every platform's API at `api` (the Graph version stays), and the CDN stand-in's at `cdn`. */
function urls(): PlatformUrls & Record<string, string> {
  const configured = platformUrls(loadConfig({}));
  const atApi = Object.fromEntries(Object.entries(configured).map(([name, value]) => [name, value.startsWith('http') ? api.url : value]));
  return { ...configured, ...atApi, telegram: api.url, cdn: cdn.url };
}

/** Credentials as they are read back from the database: any platform's, Telegram's included. */
type SourceOf = Omit<Partial<MediaSource>, 'credentials'> & { credentials: unknown };

async function download(channel: MediaChannel, item: MediaItem, source: SourceOf, options: Partial<MediaFetchOptions> = {}): Promise<ItemOutcome> {
  const policy = mediaHostPolicyOf(urls(), [...CHANNELS, telegram, cdnStandIn]);
  const full: MediaSource = { accountId: 'acct', externalId: null, metadata: {}, urls: urls(), ...source, credentials: source.credentials as ChannelCredentials | null };
  return downloadMediaItem(item, channel, full, { store, policy, options: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, timeoutMs: 5_000, ...options }, signal: new AbortController().signal });
}

async function storedBytes(outcome: ItemOutcome): Promise<Buffer> {
  if (!outcome.ok) throw new Error(`not stored: ${outcome.reason}`);
  const opened = await store.open(outcome.stored.storageKey);
  const chunks: Buffer[] = [];
  for await (const chunk of opened!.stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const failure = (outcome: ItemOutcome) => (outcome.ok ? undefined : outcome.reason);

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

describe('Telegram: getFile, then the file download', () => {
  const credentials = { platform: 'telegram', botToken: BOT_TOKEN, webhookSecret: 'secret_1' };

  it('getFile with the file_id, then the bytes from /file/bot<token>/<file_path>', async () => {
    api.reply({ json: { ok: true, result: { file_id: 'AgAC', file_unique_id: 'AQAD', file_size: 4, file_path: 'photos/file_12.jpg' } } }, { body: Buffer.from([1, 2, 3, 4]), headers: { 'content-type': 'application/octet-stream' } });
    const got = await download(telegram, { type: 'image', platformMediaId: 'AgAC', mimeType: 'image/jpeg', state: 'pending' }, { credentials });
    expect(await storedBytes(got)).toEqual(Buffer.from([1, 2, 3, 4]));
    expect(got).toMatchObject({ ok: true, stored: { mimeType: 'image/jpeg' } });
    expect(api.requests[0]).toMatchObject({ method: 'POST', path: `/bot${BOT_TOKEN}/getFile` });
    expect(api.requests[0]?.json()).toEqual({ file_id: 'AgAC' });
    expect(api.requests[1]).toMatchObject({ method: 'GET', path: `/file/bot${BOT_TOKEN}/photos/file_12.jpg` });
  });

  it('refuses a file over 20 MB by its size, before downloading it, and by its bytes', async () => {
    api.reply({ json: { ok: true, result: { file_id: 'big', file_size: TELEGRAM_DOWNLOAD_MAX_BYTES + 1, file_path: 'videos/file_1.mp4' } } });
    expect(failure(await download(telegram, { type: 'video', platformMediaId: 'big', state: 'pending' }, { credentials }))).toMatch(/larger than the 20 MB/);
    expect(api.requests).toHaveLength(1);
    // getFile left out the size: the file host's Content-Length stops it before the body is read.
    api.reply({ json: { ok: true, result: { file_id: 'liar', file_path: 'videos/file_2.mp4' } } }, { body: Buffer.alloc(TELEGRAM_DOWNLOAD_MAX_BYTES + 1) });
    expect(failure(await download(telegram, { type: 'video', platformMediaId: 'liar', state: 'pending' }, { credentials }, { timeoutMs: 20_000 }))).toMatch(/larger than 20 MB/);
  });

  it("passes on getFile's refusal, never puts the token in a reason and never follows a redirect off allowed hosts", async () => {
    api.reply({ status: 400, json: { ok: false, error_code: 400, description: 'Bad Request: file is too big' } });
    const refused = failure(await download(telegram, { type: 'file', platformMediaId: 'x', state: 'pending' }, { credentials }));
    expect(refused).toMatch(/Telegram's media lookup answered HTTP 400/);
    api.reply({ json: { ok: true, result: { file_id: 'r', file_path: 'photos/r.jpg' } } }, { status: 302, headers: { location: `${internal.url}/latest` } });
    const redirected = failure(await download(telegram, { type: 'image', platformMediaId: 'r', state: 'pending' }, { credentials }));
    expect(redirected).toMatch(/redirected to 127\.0\.0\.1/);
    expect(internal.requests).toHaveLength(0);
    for (const reason of [refused, redirected]) expect(reason).not.toContain(BOT_TOKEN.split(':')[1]);
  });

  it('says so when the channel has no bot token', async () => {
    expect(failure(await download(telegram, { type: 'image', platformMediaId: 'AgAC', state: 'pending' }, { credentials: null }))).toMatch(/no bot token/);
    expect(api.requests).toHaveLength(0);
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
