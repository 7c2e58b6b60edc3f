import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { planTelegramDownload, TELEGRAM_DOWNLOAD_MAX_BYTES } from '../../../../src/channels/telegram/download-file.ts';
import type { MediaChannel } from '../../../../src/core/media/media-hosts.ts';
import type { FakePlatform } from '../fake-platform-server.ts';
import { failureOf as failure, startMediaDownloadRig, type MediaDownloadRig } from '../../core/media/media-download-rig.ts';

/**
 * Telegram's inbound media on the one media path (src/core/media): getFile through core's lookup,
 * then the file host, both under the host allow-list and the 20 MB cap.
 */
const BOT_TOKEN = '7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
/** Telegram's media section as its definition gives it: the token is in the path, so only the configured API host. */
const telegram: MediaChannel = { id: 'telegram', media: { hosts: [], credentialHosts: [], credentialUrls: ['telegram'], maxBytes: TELEGRAM_DOWNLOAD_MAX_BYTES, plan: planTelegramDownload } };

let rig: MediaDownloadRig;
let api: FakePlatform;
let internal: FakePlatform;

beforeAll(async () => {
  rig = await startMediaDownloadRig({ channels: [telegram], urlNames: ['telegram'] });
  ({ api, internal } = rig);
});
afterAll(() => rig.close());
beforeEach(() => rig.reset());

const download: MediaDownloadRig['download'] = (...args) => rig.download(...args);

describe('Telegram: getFile, then the file download', () => {
  const credentials = { platform: 'telegram', botToken: BOT_TOKEN, webhookSecret: 'secret_1' };

  it('getFile with the file_id, then the bytes from /file/bot<token>/<file_path>', async () => {
    api.reply(
      { json: { ok: true, result: { file_id: 'AgAC', file_unique_id: 'AQAD', file_size: 4, file_path: 'photos/file_12.jpg' } } },
      { body: Buffer.from([1, 2, 3, 4]), headers: { 'content-type': 'application/octet-stream' } },
    );
    const got = await download(telegram, { type: 'image', platformMediaId: 'AgAC', mimeType: 'image/jpeg', state: 'pending' }, { credentials });
    expect(await rig.storedBytes(got)).toEqual(Buffer.from([1, 2, 3, 4]));
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
