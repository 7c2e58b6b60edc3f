import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebApp, hasChromium } from '../helpers/browser.ts';
import { openBrowser, signInByCookie, type FileBrowser } from '../helpers/browser-fixture.ts';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * The composer's attachments in Chromium against a real snorq and the simulator: an image pasted
 * into the reply box and two files dropped on the composer show in the tray with previews and
 * reach the platform as one message each, in order; a file over the platform's cap is refused in
 * the tray, with its limit, before any upload; the same at 375 px in German.
 */

const PNG_HEX = '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082';

/** Files made in the page (a DataTransfer needs the page's own File objects): name, type, and the bytes as hex, or a size of filler after a PNG header. */
type FileSpec = { name: string; type: string; hex?: string; pngOfBytes?: number };

/** The page's own constructors (this project's TypeScript has no DOM library: the function runs in Chromium). */
type PageGlobals = {
  DataTransfer: new () => { items: { add(file: unknown): void } };
  File: new (bits: Uint8Array[], name: string, options: { type: string }) => unknown;
  ClipboardEvent: new (type: string, init: { clipboardData: unknown; bubbles: boolean; cancelable: boolean }) => unknown;
  DragEvent: new (type: string, init: { dataTransfer: unknown; bubbles: boolean; cancelable: boolean }) => unknown;
};

/** Dispatches a paste into the reply box or a drag-and-drop onto the composer, as the browser would, with these files. */
async function handOver(page: Page, how: 'paste' | 'drop', files: FileSpec[]): Promise<void> {
  const target = how === 'paste' ? page.getByTestId('composer') : page.getByTestId('composer-area');
  await target.evaluate(
    (el, { how, files, png }) => {
      const w = globalThis as unknown as PageGlobals;
      const dt = new w.DataTransfer();
      for (const f of files) {
        const head = Uint8Array.from((f.hex ?? png).match(/../g)!.map((h) => parseInt(h, 16)));
        const bytes = f.pngOfBytes ? new Uint8Array(f.pngOfBytes) : head;
        if (f.pngOfBytes) bytes.set(head);
        dt.items.add(new w.File([bytes], f.name, { type: f.type }));
      }
      if (how === 'paste') {
        el.dispatchEvent(new w.ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
        return;
      }
      for (const type of ['dragenter', 'dragover', 'drop']) el.dispatchEvent(new w.DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    { how, files, png: PNG_HEX },
  );
}

describe.skipIf(!hasChromium)('attachments in the composer', () => {
  let s: SandboxedSnorq;
  let browser: FileBrowser;
  let context: BrowserContext;
  let page: Page;

  async function customerWrites(platform: 'whatsapp' | 'messenger', id: string, name: string): Promise<number> {
    const sent = await s.simulator.customers.send(platform, { accountId: s.account(platform).accountId, customer: { id, name }, text: 'Can you send me pictures?' });
    expect(sent.status, sent.body).toBe(200);
    return (await eventually(() => s.snorq.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', sent.externalId!).executeTakeFirst())).conversation_id;
  }
  async function open(p: Page, conversationId: number) {
    await p.locator(`[data-testid="conversation-row"][data-conversation-id="${conversationId}"]`).click();
    await p.locator(`[data-testid="thread"][data-conversation-id="${conversationId}"]`).waitFor();
  }

  beforeAll(async () => {
    buildWebApp();
    s = await startSandboxedSnorq({ autoReceipts: true });
    browser = await openBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    await signInByCookie(page, s.snorq.url);
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await s?.close();
  });

  it('a pasted image and two dropped files show with previews and reach WhatsApp as three messages, in order', { timeout: 90_000 }, async () => {
    const customer = '4917600002001';
    const conversation = await customerWrites('whatsapp', customer, 'Paula Paste');
    await open(page, conversation);
    await handOver(page, 'paste', [{ name: 'screenshot.png', type: 'image/png' }]);
    await handOver(page, 'drop', [
      { name: 'photo.png', type: 'image/png' },
      { name: 'invoice.pdf', type: 'application/pdf', hex: Buffer.from('%PDF-1.4\n%%EOF\n').toString('hex') },
    ]);
    const items = page.getByTestId('tray-item');
    await page.locator('[data-testid="tray-item"][data-state="ready"]').nth(2).waitFor();
    expect(await items.count()).toBe(3);
    // Thumbnails for the images, an icon for the document.
    expect(await page.getByTestId('tray-thumb').count()).toBe(2);
    expect(await items.nth(2).textContent()).toContain('invoice.pdf');
    await page.getByTestId('tray-caption').nth(2).fill('your invoice');
    await page.getByTestId('composer').fill('Here they are');
    await expect.poll(() => page.getByTestId('tray-split').textContent()).toContain('3 messages');
    await page.getByTestId('send-button').click();
    await page.getByTestId('attachment-tray').waitFor({ state: 'detached' });

    const sent = await eventually(async () => {
      const rows = await s.snorq.ctx.db
        .selectFrom('messages')
        .select(['status', 'content', 'content_type'])
        .where('conversation_id', '=', conversation)
        .where('direction', '=', 'outbound')
        .orderBy('id')
        .execute();
      return rows.length === 3 && rows.every((r) => r.status !== 'pending') ? rows : undefined;
    });
    expect(sent.map((r) => [r.content_type, r.content])).toEqual([
      ['image', 'Here they are'],
      ['image', null],
      ['file', 'your invoice'],
    ]);
    const calls = s.simulator.recorded.list({ platform: 'whatsapp', method: 'POST', path: /\/messages$/, match: (c) => JSON.stringify(c.body ?? null).includes(customer) });
    expect(calls.map((c) => (c.body as { type: string }).type)).toEqual(['image', 'image', 'document']);
    expect(calls[0]!.body).toMatchObject({ image: { caption: 'Here they are' } });
    expect(calls[2]!.body).toMatchObject({ document: { caption: 'your invoice', filename: 'invoice.pdf' } });
    // The thread shows all three.
    await expect.poll(() => page.locator(`[data-testid="thread"] [data-testid="message"]`).count()).toBeGreaterThanOrEqual(4);
  });

  it('a file over the platform’s cap is refused in the tray with the limit, never uploaded; Send waits until it is removed', { timeout: 60_000 }, async () => {
    const conversation = await customerWrites('whatsapp', '4917600002002', 'Otto Oversize');
    await open(page, conversation);
    let uploadRequests = 0;
    const count = (r: { url(): string }) => void (r.url().includes('/api/v1/uploads') && uploadRequests++);
    page.on('request', count);
    await handOver(page, 'drop', [{ name: 'huge.png', type: 'image/png', pngOfBytes: 6 * 1_048_576 }]);
    const refused = page.locator('[data-testid="tray-item"][data-state="refused"]');
    await refused.waitFor();
    expect(await refused.getByTestId('tray-reason').textContent()).toMatch(/WhatsApp takes images up to 5 MB/);
    await page.getByTestId('composer').fill('and this one');
    expect(await page.getByTestId('send-button').isDisabled()).toBe(true);
    await refused.getByRole('button', { name: 'Remove huge.png' }).click();
    await page.getByTestId('attachment-tray').waitFor({ state: 'detached' });
    expect(await page.getByTestId('send-button').isDisabled()).toBe(false);
    page.off('request', count);
    expect(uploadRequests).toBe(0);
    // Nothing of it was stored or sent.
    const outbound = await s.snorq.ctx.db.selectFrom('messages').select('id').where('conversation_id', '=', conversation).where('direction', '=', 'outbound').execute();
    expect(outbound).toEqual([]);
  });

  it('at 375 px in German: the limits on the attach button, a dropped file in the tray, sent to Messenger with the text after it', { timeout: 90_000 }, async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'de-DE', hasTouch: true });
    const p = await phone.newPage();
    try {
      await signInByCookie(p, s.snorq.url);
      const customer = 'mia-attach-375';
      const conversation = await customerWrites('messenger', customer, 'Mia Mobil');
      await p.goto(`${s.snorq.url}/inbox/${conversation}`);
      await p.locator(`[data-testid="thread"][data-conversation-id="${conversation}"]`).waitFor();
      // The limits join the title once the platforms' capabilities have loaded (GET /api/v1/platforms), which may be after the thread shows.
      await expect.poll(() => p.getByTestId('attach-button').getAttribute('title')).toMatch(/^Messenger nimmt Bilder .* bis 5 MB/);
      await handOver(p, 'drop', [
        { name: 'a.png', type: 'image/png' },
        { name: 'b.png', type: 'image/png' },
      ]);
      await p.locator('[data-testid="tray-item"][data-state="ready"]').nth(1).waitFor();
      // Messenger takes no captions: no caption fields, and the text is said to follow the files.
      expect(await p.getByTestId('tray-caption').count()).toBe(0);
      await p.getByTestId('composer').fill('Zwei Bilder');
      await expect.poll(() => p.getByTestId('tray-split').textContent()).toContain('3 Nachrichten');
      const width = await p.evaluate<number>('document.documentElement.scrollWidth');
      expect(width).toBeLessThanOrEqual(375);
      await p.getByTestId('send-button').click();
      await p.getByTestId('attachment-tray').waitFor({ state: 'detached' });
      const calls = await eventually(async () => {
        const list = s.simulator.recorded.list({
          platform: 'messenger',
          method: 'POST',
          path: /\/messages$/,
          match: (c) => JSON.stringify(c.body ?? null).includes(customer) && !JSON.stringify(c.body).includes('sender_action'),
        });
        return list.length === 3 ? list : undefined;
      });
      expect(calls.map((c) => (c.body as { message: { attachment?: { type: string }; text?: string } }).message.attachment?.type ?? 'text')).toEqual(['image', 'image', 'text']);
    } finally {
      await phone.close();
    }
  });
});
