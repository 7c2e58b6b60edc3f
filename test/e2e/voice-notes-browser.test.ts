import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { hasChromium } from '../helpers/browser.ts';
import { signInByCookie, startBrowserSandbox, type FileBrowser } from '../helpers/browser-fixture.ts';
import type { SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * A voice note in the browser: Chromium's fake microphone (--use-fake-device-for-media-stream,
 * its beeps) and its fake permission prompt (--use-fake-ui-for-media-stream, "allow") record a real
 * WebM/Opus file through MediaRecorder; the agent stops, listens, sends; WhatsApp (the simulator)
 * receives it as an Ogg/Opus voice message, and Chromium decodes the Ogg snorq stored. On TikTok
 * the button is disabled and says why; a refused microphone is explained; German and Spanish.
 * Waits on the DOM, on media events and on recorded calls, never on sleeps.
 */
/** What the test calls on the preview's audio element (the test's types have no DOM). */
type MediaElement = { play(): Promise<void>; pause(): void; currentTime: number; addEventListener(type: string, listener: () => void): void };

describe.skipIf(!hasChromium)('voice notes in the composer', () => {
  let s: SandboxedSnorq;
  let browser: FileBrowser;
  let page: Page;

  // The worker's Chromium has the fake microphone and its "allow" (test/helpers/browser.ts CHROMIUM_ARGS).
  beforeAll(async () => {
    ({ s, browser, page } = await startBrowserSandbox({ sandbox: { autoReceipts: false }, page: { viewport: { width: 1200, height: 800 } } }));
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  async function openConversationOf(p: Page, platform: 'whatsapp' | 'tiktok' | 'instagram', id: string, name: string): Promise<void> {
    const sent = await s.simulator.customers.send(platform, { accountId: s.account(platform).accountId, customer: { id, name }, text: `Hello from ${name}` });
    expect(sent.status).toBe(200);
    const row = p.getByTestId('conversation-row').filter({ hasText: name });
    await row.waitFor();
    await row.click();
    await p
      .getByTestId('message')
      .filter({ hasText: `Hello from ${name}` })
      .waitFor();
  }

  it('records with the microphone, shows the time, plays it back, and sends it to WhatsApp as a voice message', async () => {
    await openConversationOf(page, 'whatsapp', '4917322223333', 'Vera Voice');
    await page.getByTestId('voice-record').click();
    // The timer runs: wait until it shows a second recorded.
    await page
      .getByTestId('voice-timer')
      .filter({ hasText: /0:0[1-9]/ })
      .waitFor();
    await page.getByTestId('voice-stop').click();
    const preview = page.getByTestId('voice-preview');
    await preview.waitFor();
    // Listen: it plays (the time moves on), then it is paused again.
    await preview.evaluate((a) => (a as unknown as MediaElement).play());
    await preview.evaluate((a) => new Promise<void>((done) => (a as unknown as MediaElement).addEventListener('timeupdate', () => (a as unknown as MediaElement).currentTime > 0.2 && done())));
    await preview.evaluate((a) => (a as unknown as MediaElement).pause());

    await page.getByTestId('voice-send').click();
    await preview.waitFor({ state: 'detached' });
    await expect.poll(() => s.simulator.recorded.list({ platform: 'whatsapp' }).find((c) => c.method === 'POST' && JSON.stringify(c.body ?? null).includes('"voice":true'))?.status).toBe(200);
    const stored = await s.snorq.ctx.db
      .selectFrom('messages')
      .select(['id', 'media'])
      .where('direction', '=', 'outbound')
      .where('content_type', '=', 'audio')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(stored.media[0]).toMatchObject({ type: 'audio', mimeType: 'audio/ogg' });
    // Chromium decodes the Ogg/Opus file snorq stored: the remux is playable, and as long as the recording.
    const seconds = await page.evaluate(async (id) => {
      const bytes = await (await fetch(`/api/v1/messages/${id}/media/0`)).arrayBuffer();
      const { OfflineAudioContext } = globalThis as unknown as {
        OfflineAudioContext: new (channels: number, length: number, rate: number) => { decodeAudioData(b: ArrayBuffer): Promise<{ duration: number }> };
      };
      const audio = await new OfflineAudioContext(1, 1, 48_000).decodeAudioData(bytes);
      return audio.duration;
    }, stored.id);
    expect(seconds).toBeGreaterThan(0.9);
  });

  it('to Instagram (no Ogg) the recording goes as WAV, decoded by the server, and Instagram takes it', async () => {
    await openConversationOf(page, 'instagram', `igvoice${Date.now()}`, 'Iris Insta');
    await page.getByTestId('voice-record').click();
    await page
      .getByTestId('voice-timer')
      .filter({ hasText: /0:0[1-9]/ })
      .waitFor();
    await page.getByTestId('voice-stop').click();
    await page.getByTestId('voice-send').click();
    await page.getByTestId('voice-preview').waitFor({ state: 'detached' });
    const call = await s.simulator.recorded.waitFor({ platform: 'instagram', method: 'POST', match: (c) => c.status === 200 && JSON.stringify(c.body ?? null).includes('"audio"') });
    const url = (call.body as { message: { attachment: { payload: { url: string } } } }).message.attachment.payload.url;
    const wav = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(wav.toString('latin1', 0, 4) + wav.toString('latin1', 8, 12)).toBe('RIFFWAVE');
    expect(wav.readUInt32LE(24)).toBe(16_000);
    // At least a second of the fake microphone: 32,000 bytes of PCM a second.
    expect(wav.readUInt32LE(40)).toBeGreaterThan(30_000);
  });

  it("a customer's voice note shows its length beside the player before anyone plays it", async () => {
    // WhatsApp says nothing of a voice note's length: the player reads it from the file's metadata.
    const voice = fs.readFileSync(path.join(import.meta.dirname, '../simulator/fixtures/voice.ogg'));
    await openConversationOf(page, 'whatsapp', '4917355556666', 'Olga Ogg');
    const sent = await s.simulator.customers.send('whatsapp', {
      accountId: s.account('whatsapp').accountId,
      customer: { id: '4917355556666', name: 'Olga Ogg' },
      media: { type: 'audio', bytes: voice, mimeType: 'audio/ogg' },
    });
    expect(sent.status).toBe(200);
    const bubble = page.getByTestId('message').filter({ has: page.locator('audio') });
    const length = bubble.getByTestId('media-duration');
    await length.waitFor();
    expect(await length.textContent()).toBe('0:03');
    const player = bubble.locator('audio');
    expect(await player.getAttribute('aria-label')).toBe('Audio message, 0:03');
    // Nothing was played to learn it.
    expect(await player.evaluate((a) => ({ paused: (a as unknown as { paused: boolean }).paused, at: (a as unknown as MediaElement).currentTime }))).toEqual({ paused: true, at: 0 });
  });

  it('on TikTok (no audio, no choices) the button is disabled and says why, and choices are hidden with the reason', async () => {
    await openConversationOf(page, 'tiktok', 'tt-voice-1', 'Tina Tiktok');
    const button = page.getByTestId('voice-record');
    await button.waitFor();
    expect(await button.isDisabled()).toBe(true);
    expect(await page.getByTestId('voice-why').textContent()).toMatch(/TikTok takes no audio/);
    // Nor choices (buttons, lists): hidden, with the reason in their place.
    expect(await page.getByTestId('interactive-none').textContent()).toBe('TikTok takes no choices from snorq: the customer answers in their own words.');
    expect(await page.getByTestId('interactive-toggle').count()).toBe(0);
  });

  it('a refused microphone is explained; the texts are German and Spanish in those languages', async () => {
    // One page: German from the browser's language, then Spanish as the user's own choice, which
    // wins over the browser's from the next sign-in on (a new page is ~1 s of Chromium's CPU).
    const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 800 } });
    // The person said no to the browser's prompt: getUserMedia fails as Chromium fails it then.
    await context.addInitScript(() => {
      const w = globalThis as unknown as { navigator: { mediaDevices: { getUserMedia: () => Promise<never> } }; DOMException: new (message: string, name: string) => Error };
      w.navigator.mediaDevices.getUserMedia = () => Promise.reject(new w.DOMException('Permission denied', 'NotAllowedError'));
    });
    const p = await context.newPage();
    for (const [language, refused, record] of [
      ['de', /darf das Mikrofon nicht verwenden/, 'Sprachnachricht aufnehmen'],
      ['es', /no tiene permiso para usar el micrófono/, 'Grabar una nota de voz'],
    ] as const) {
      if (language === 'es') {
        expect((await s.api('/api/v1/me', { method: 'PATCH', json: { language: 'es' } })).status).toBe(200);
        onTestFinished(async () => void (await s.api('/api/v1/me', { method: 'PATCH', json: { language: null } })));
      }
      // Signed out first: a sign-in that carries a session cookie must say its Origin (CSRF).
      await context.clearCookies();
      await signInByCookie(p, s.snorq.url);
      await openConversationOf(p, 'whatsapp', `49173444${language === 'de' ? '1' : '2'}5555`, `Lena ${language}`);
      const button = p.getByTestId('voice-record');
      expect((await button.textContent())?.trim()).toBe(record);
      await button.click();
      expect(await p.getByTestId('voice-error').textContent()).toMatch(refused);
    }
  });
});
