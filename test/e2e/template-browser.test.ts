import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebApp, hasChromium } from '../helpers/browser.ts';
import { openBrowser, signInByCookie, type FileBrowser } from '../helpers/browser-fixture.ts';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * A WhatsApp conversation whose 24-hour window has closed, answered with a template in the
 * browser: pick it, fill the inputs it lists (header image link, body variables, button suffix),
 * watch the preview fill, send, and see the text the customer received in the thread.
 */
describe.skipIf(!hasChromium)('sending a template from the composer', () => {
  let s: SandboxedSnorq;
  let browser: FileBrowser;
  let page: Page;

  beforeAll(async () => {
    buildWebApp();
    s = await startSandboxedSnorq({ autoReceipts: true });
    browser = await openBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('fills a template’s inputs, shows the preview, sends it and shows what the customer read', async () => {
    await signInByCookie(page, s.snorq.url);

    await s.simulator.customers.send('whatsapp', {
      accountId: s.account('whatsapp').accountId,
      customer: { id: '4917600001111', name: 'Ana Template' },
      text: 'old question',
      timestamp: Date.now() - 30 * 3_600_000,
    });
    const row = page.getByTestId('conversation-row').filter({ hasText: 'Ana Template' });
    await row.waitFor();
    await row.click();

    // the window is closed: the composer offers templates only
    const picker = page.getByTestId('template-picker');
    await picker.waitFor();
    const select = page.getByTestId('template-select');
    await expect.poll(async () => select.isEnabled()).toBe(true);
    await select.selectOption('|order_update|en_US');

    const send = page.getByTestId('send-button');
    expect(await send.isDisabled()).toBe(true);
    await expect(page.getByTestId('template-missing').textContent()).resolves.toContain('{{1}}');
    await page.getByTestId('template-input-header.link').fill('https://cdn.example.com/order.jpg');
    await page.getByTestId('template-input-body.1').fill('Ana');
    await page.getByTestId('template-input-body.2').fill('#1042');
    const preview = page.getByTestId('template-preview');
    await expect(page.getByTestId('template-preview-body').textContent()).resolves.toBe('Hi Ana, your order #1042 has shipped and is on its way.');
    await expect(preview.textContent()).resolves.toContain('Image: https://cdn.example.com/order.jpg');
    expect(await send.isDisabled()).toBe(true); // the URL button's suffix is still needed
    await page.getByTestId('template-input-button.0').fill('1042');
    await expect(preview.textContent()).resolves.toContain('https://shop.example.com/orders/1042');
    expect(await send.isDisabled()).toBe(false);
    await page.screenshot({ path: '.test-data/template-picker.png' });
    await send.click();

    const mine = page.getByTestId('message').filter({ hasText: 'Hi Ana, your order #1042 has shipped and is on its way.' });
    await mine.waitFor();
    await eventually(async () => (['sent', 'delivered', 'read'].includes((await mine.getAttribute('data-status')) ?? '') ? true : undefined), 'the template reply to be sent');
    // the form starts over for the next one, and the thread stays in view above it
    expect(await select.inputValue()).toBe('');
    await page.screenshot({ path: '.test-data/template-sent.png' });
    const call = s.simulator.recorded.list({ platform: 'whatsapp' }).find((c) => (c.body as { type?: string } | undefined)?.type === 'template')!;
    expect(JSON.stringify(call.body)).toContain('"sub_type":"url"');
  }, 90_000);
});
