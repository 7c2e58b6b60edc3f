import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNTS, call, json, startHarness, type Harness } from './helpers.ts';

/**
 * The simulated platforms refuse the media their APIs refuse, as snorq's own checks do before
 * sending (so a check removed from snorq shows up here as the platform's refusal): WhatsApp takes
 * no GIF (131053, "Media upload error"), Instagram plays audio only as AAC, M4A, WAV or MP4 and
 * fetches the URL to see it (code 100, subcode 2018047, "Upload attachment failure").
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test payload inspection
const VOICE_OGG = fs.readFileSync(path.join(import.meta.dirname, 'fixtures/voice.ogg'));
/** A WAV file: the 44-byte RIFF header and a tenth of a second of silence at 16 kHz. */
function wav(): Buffer {
  const samples = 1600;
  const h = Buffer.alloc(44 + samples * 2);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + samples * 2, 4);
  h.write('WAVEfmt ', 8, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(16_000, 24);
  h.writeUInt32LE(32_000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(samples * 2, 40);
  return h;
}

const FILES: Record<string, { type: string; bytes: Buffer }> = {
  '/voice.ogg': { type: 'audio/ogg', bytes: VOICE_OGG },
  '/voice.wav': { type: 'audio/wav', bytes: wav() },
};

let h: Harness;
let files: http.Server;
let filesUrl = '';
beforeAll(async () => {
  h = await startHarness();
  files = http.createServer((req, res) => {
    const file = FILES[req.url ?? ''];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file.type, 'content-length': String(file.bytes.length) }).end(file.bytes);
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => files.close(() => resolve()));
  await h.close();
});
beforeEach(() => h.sim.reset());

describe('Instagram audio', () => {
  const ig = ACCOUNTS.instagram;
  const igsid = 'igsid-audio';
  const sendAudio = (url: string) =>
    call(`${h.sim.baseUrls.metaGraph}/v25.0/me/messages?access_token=${ig.accessToken}`, json({ recipient: { id: igsid }, message: { attachment: { type: 'audio', payload: { url } } } }));

  it('takes WAV, refuses Ogg/Opus and a URL it cannot fetch with the Send API’s attachment failure', async () => {
    await h.sim.customers.send('instagram', { accountId: ig.accountId, customer: { id: igsid, name: 'Ida' }, text: 'voice?' });
    expect((await sendAudio(`${filesUrl}/voice.wav`)).status).toBe(200);
    for (const url of [`${filesUrl}/voice.ogg`, `${filesUrl}/gone.wav`]) {
      const refused = await sendAudio(url);
      expect(refused.status).toBe(400);
      expect((refused.body as Json).error).toMatchObject({ code: 100, error_subcode: 2018047, message: '(#100) Upload attachment failure.' });
    }
  });

  it('Messenger takes the same Ogg (it lists no audio formats)', async () => {
    const page = ACCOUNTS.messenger;
    await h.sim.customers.send('messenger', { accountId: page.accountId, customer: { id: 'psid-audio', name: 'Max' }, text: 'voice?' });
    const res = await call(
      `${h.sim.baseUrls.metaGraph}/v25.0/me/messages?access_token=${page.accessToken}`,
      json({ recipient: { id: 'psid-audio' }, message: { attachment: { type: 'audio', payload: { url: `${filesUrl}/voice.ogg` } } } }),
    );
    expect(res.status).toBe(200);
  });
});

describe('WhatsApp media upload', () => {
  it('refuses a GIF with 131053 naming the types it takes', async () => {
    const wa = ACCOUNTS.whatsapp;
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', 'image/gif');
    form.set('file', new Blob([new Uint8Array(Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(40)]))], { type: 'image/gif' }), 'moving.gif');
    const res = await fetch(`${h.sim.baseUrls.metaGraph}/v25.0/${wa.accountId}/media`, { method: 'POST', headers: { authorization: `Bearer ${wa.accessToken}` }, body: form });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as Json;
    expect(error).toMatchObject({ code: 131053, message: '(#131053) Media upload error' });
    expect(error.error_data.details).toMatch(/^Param file must be a file with one of the following types: image\/jpeg, image\/png, .*Received file of type 'image\/gif'\.$/);
  });
});
