import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOggOpus } from '../../src/core/media/ogg-opus-reader.ts';
import type { SimPlatform } from '../../src/simulator/index.ts';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * Voice notes out, end to end over real HTTP: a WebM/Opus recording made by Chromium (the unit
 * test's fixture) is uploaded as the composer uploads it, stored as Ogg/Opus, and sent: to
 * WhatsApp through its media API as a voice message (`audio.voice`), to Messenger as an `audio`
 * attachment by URL. The simulated platforms check the file as theirs do (WhatsApp refuses audio
 * off its list and OGG that is not Opus with 131053). The bot platform's voice message is tested with its other sends.
 */

const RECORDING = fs.readFileSync(path.join(import.meta.dirname, '../unit/core/media/fixtures/chromium-voice.webm'));

let s: SandboxedSnorq;
beforeAll(async () => {
  s = await startSandboxedSnorq();
});
afterAll(async () => s?.close());

type Upload = { storageKey: string; type: string; mimeType: string; size: number; filename?: string };
let customerSeq = 0;

async function customerWrites(platform: SimPlatform, text: string): Promise<number> {
  customerSeq++;
  const id = platform === 'whatsapp' ? `49171000${String(customerSeq).padStart(4, '0')}` : `voice${customerSeq}00${Date.now()}`;
  const sent = await s.simulator.customers.send(platform, { accountId: s.account(platform).accountId, customer: { id, name: `Customer ${customerSeq}` }, text });
  expect(sent.status).toBe(200);
  return eventually(async () => {
    const row = await s.snorq.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', sent.externalId!).executeTakeFirst();
    return row?.conversation_id;
  });
}

async function upload(bytes: Buffer, type: string, name: string, as?: string): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  return s.api(`/api/v1/uploads${as ? `?as=${encodeURIComponent(as)}` : ''}`, { method: 'POST', body: form });
}

async function sendVoice(conversationId: number, as?: string): Promise<{ id: number; externalId: string }> {
  const up = await upload(RECORDING, 'audio/webm;codecs=opus', 'voice-note.webm', as);
  expect(up.status).toBe(201);
  const { upload: stored } = (await up.json()) as { upload: Upload };
  const res = await s.api('/api/messages', { json: { conversationId, media: stored } });
  expect(res.status).toBe(201);
  const id = ((await res.json()) as { message: { id: number } }).message.id;
  const row = await eventually(async () => {
    const m = await s.snorq.ctx.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return m.status === 'pending' ? undefined : m;
  });
  // Sent — or already past it: the simulator's delivery receipt may land before this read.
  expect(['sent', 'delivered', 'read'], String(row.error_reason)).toContain(row.status);
  return { id, externalId: row.external_id! };
}

describe('a recorded voice note', () => {
  it('is stored as Ogg/Opus: the same 3 s, named .ogg, served as audio/ogg', async () => {
    const up = await upload(RECORDING, 'audio/webm;codecs=opus', 'voice-note.webm');
    expect(up.status).toBe(201);
    const { upload: stored } = (await up.json()) as { upload: Upload };
    expect(stored).toMatchObject({ type: 'audio', mimeType: 'audio/ogg', filename: 'voice-note.ogg' });
    const file = await s.snorq.ctx.media!.store.open(stored.storageKey);
    const chunks: Buffer[] = [];
    for await (const chunk of file!.stream) chunks.push(chunk as Buffer);
    const ogg = Buffer.concat(chunks);
    expect(ogg.length).toBe(stored.size);
    const read = readOggOpus(ogg);
    expect(read.ok && read.info.durationMs).toBe(3000);
  });

  it('goes to WhatsApp through its media API as a voice message', async () => {
    const conversationId = await customerWrites('whatsapp', 'can you explain by voice?');
    const { externalId } = await sendVoice(conversationId);
    const uploadCall = s.simulator.recorded.list({ platform: 'whatsapp' }).findLast((c) => c.method === 'POST' && c.path.endsWith('/media'));
    expect(uploadCall?.status).toBe(200);
    expect(uploadCall?.body).toMatchObject({ fields: { type: 'audio/ogg', messaging_product: 'whatsapp' }, files: [{ field: 'file', filename: 'voice-note.ogg' }] });
    const sendCall = s.simulator.recorded.list({ platform: 'whatsapp' }).findLast((c) => c.method === 'POST' && c.path.endsWith('/messages'));
    expect(sendCall?.body).toMatchObject({ type: 'audio', audio: { voice: true } });
    expect(s.simulator.message(externalId)?.attachments).toMatchObject([{ type: 'audio', mimeType: 'audio/ogg', voice: true }]);
  });

  it('goes to Messenger as an audio attachment whose URL serves the Ogg file', async () => {
    const conversationId = await customerWrites('messenger', 'send me a voice note');
    await sendVoice(conversationId);
    const sendCall = s.simulator.recorded.list({ platform: 'messenger' }).findLast((c) => JSON.stringify(c.body ?? null).includes('"attachment"'));
    const attachment = (sendCall?.body as { message: { attachment: { type: string; payload: { url: string } } } }).message.attachment;
    expect(attachment.type).toBe('audio');
    const served = await fetch(attachment.payload.url);
    expect(served.headers.get('content-type')).toMatch(/^audio\/ogg/);
    const read = readOggOpus(Buffer.from(await served.arrayBuffer()));
    expect(read).toMatchObject({ ok: true, info: { channels: 1, durationMs: 3000 } });
  });

  it('goes to Instagram as WAV (it takes no Ogg): decoded on upload, 3 s of 16 kHz PCM, fetched and taken by Instagram', async () => {
    const { platforms } = (await (await s.api('/api/v1/platforms')).json()) as { platforms: { id: string; capabilities: { voiceNoteType: string } }[] };
    expect(platforms.find((p) => p.id === 'instagram')?.capabilities.voiceNoteType).toBe('audio/wav');
    const conversationId = await customerWrites('instagram', 'a voice note please');
    const { id } = await sendVoice(conversationId, 'audio/wav');
    const sendCall = s.simulator.recorded.list({ platform: 'instagram' }).findLast((c) => c.status === 200 && JSON.stringify(c.body ?? null).includes('"attachment"'));
    const attachment = (sendCall?.body as { message: { attachment: { type: string; payload: { url: string } } } }).message.attachment;
    expect(attachment.type).toBe('audio');
    const served = await fetch(attachment.payload.url);
    expect(served.headers.get('content-type')).toMatch(/^audio\/wav/);
    const wav = Buffer.from(await served.arrayBuffer());
    expect(wav.toString('latin1', 0, 4) + wav.toString('latin1', 8, 12)).toBe('RIFFWAVE');
    expect({ rate: wav.readUInt32LE(24), data: wav.readUInt32LE(40) }).toEqual({ rate: 16_000, data: 96_000 });
    const row = await s.snorq.ctx.db.selectFrom('messages').select('media').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.media[0]).toMatchObject({ type: 'audio', mimeType: 'audio/wav', filename: 'voice-note.wav' });
  });

  it('an Ogg voice note to Instagram is refused before it is queued; only a recording can be turned into WAV (415)', async () => {
    const conversationId = await customerWrites('instagram', 'and an ogg?');
    const { upload: ogg } = (await (await upload(RECORDING, 'audio/webm;codecs=opus', 'voice-note.webm')).json()) as { upload: Upload };
    expect(ogg.mimeType).toBe('audio/ogg');
    const refused = await s.api('/api/messages', { json: { conversationId, media: ogg } });
    expect(refused.status).toBe(422);
    const notRecording = await upload(fs.readFileSync(path.join(import.meta.dirname, '../simulator/fixtures/voice.ogg')), 'audio/ogg', 'x.ogg', 'audio/wav');
    expect(notRecording.status).toBe(415);
    expect(((await notRecording.json()) as { error: { message: string } }).error.message).toMatch(/only a voice recording/);
  });

  it('a file that is not a WebM recording, or one cut short, is refused with the reason (415)', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const notWebm = await upload(Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), png]), 'audio/webm', 'x.webm');
    expect(notWebm.status).toBe(415);
    const cut = await upload(RECORDING.subarray(0, RECORDING.length - 100), 'audio/webm', 'cut.webm');
    expect(cut.status).toBe(415);
    expect(((await cut.json()) as { error: { message: string } }).error.message).toMatch(/cut short/);
  });
});

describe('what the platforms say about voice notes', () => {
  it('GET /api/v1/platforms: voice on WhatsApp, audio on Messenger, Twilio and Instagram (as WAV), not on TikTok (no audio)', async () => {
    const { platforms } = (await (await s.api('/api/v1/platforms')).json()) as { platforms: { id: string; capabilities: { voiceNotes: string } }[] };
    const voice = Object.fromEntries(platforms.map((p) => [p.id, p.capabilities.voiceNotes]));
    expect(voice).toMatchObject({ whatsapp: 'voice', messenger: 'audio', twilio: 'audio', instagram: 'audio', tiktok: 'noAudio' });
  });

  it("the WhatsApp simulator refuses a WebM recording and OGG that is not Opus with Cloud API's 131053", async () => {
    const account = s.account('whatsapp');
    const refusal = async (bytes: Buffer, type: string) => {
      const form = new FormData();
      form.set('messaging_product', 'whatsapp');
      form.set('type', type);
      form.set('file', new Blob([new Uint8Array(bytes)], { type }), 'voice');
      const res = await fetch(`${s.simulator.baseUrls.metaGraph}/v23.0/${account.accountId}/media`, { method: 'POST', headers: { authorization: `Bearer ${account.accessToken}` }, body: form });
      expect(res.status).toBe(400);
      return ((await res.json()) as { error: { code: number; error_data: { details: string } } }).error;
    };
    expect(await refusal(RECORDING, 'audio/webm')).toMatchObject({
      code: 131053,
      error_data: { details: expect.stringMatching(/^Unsupported Audio mime type audio\/webm\. Please use one of audio\/ogg; codecs=opus/) },
    });
    // An Ogg page whose first packet is a Vorbis identification header.
    const vorbis = oggPage(Buffer.concat([Buffer.from('\x01vorbis', 'latin1'), Buffer.alloc(23)]));
    expect(await refusal(vorbis, 'audio/ogg')).toMatchObject({ code: 131053, error_data: { details: expect.stringContaining('audio/ogg; codecs=vorbis') } });
  });
});

/** One first Ogg page holding `packet`, its CRC right (so only the codec is wrong). */
function oggPage(packet: Buffer): Buffer {
  const header = Buffer.alloc(28);
  header.write('OggS', 0, 'latin1');
  header[5] = 2;
  header[26] = 1;
  header[27] = packet.length;
  const page = Buffer.concat([header, packet]);
  let crc = 0;
  for (const byte of page) {
    crc ^= byte << 24;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
  }
  page.writeUInt32LE(crc >>> 0, 22);
  return page;
}
