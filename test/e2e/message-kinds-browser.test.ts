import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../helpers/browser.ts';
import { startBrowserSandbox, type FileBrowser } from '../helpers/browser-fixture.ts';
import type { SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * The message kinds beyond text and media as an agent sees them in the thread: a WhatsApp order
 * as a table with its total, a number change and an ad referral as notices, a TikTok card with its
 * buttons, a deleted message as removed.
 */
describe.skipIf(!hasChromium)('message kinds in the thread', () => {
  let s: SandboxedSnorq;
  let browser: FileBrowser;
  let page: Page;

  beforeAll(async () => {
    ({ s, browser, page } = await startBrowserSandbox({ sandbox: { autoReceipts: false }, page: { viewport: { width: 1280, height: 800 } } }));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  const open = async (name: string) => {
    const row = page.getByTestId('conversation-row').filter({ hasText: name });
    await row.first().waitFor();
    await row.first().click();
  };

  it('WhatsApp: an order, a deleted message and a number change', async () => {
    const wa = { accountId: s.account('whatsapp').accountId, customer: { id: '4917600000001', name: 'Olga Order' } };
    await s.simulator.customers.send('whatsapp', { ...wa, kind: 'order' });
    await open('Olga Order');
    const order = page.getByTestId('order-card');
    await order.waitFor();
    expect(await order.textContent()).toContain('SKU-BLUE-M');
    expect(await page.getByTestId('order-total').textContent()).toMatch(/119[.,]70/);

    const oops = await s.simulator.customers.send('whatsapp', { ...wa, text: 'sent to the wrong chat' });
    await page.getByTestId('message').filter({ hasText: 'sent to the wrong chat' }).waitFor();
    await s.simulator.customers.send('whatsapp', { ...wa, kind: 'unsend', replyTo: oops.externalId });
    await page.getByTestId('message').filter({ hasText: 'This message was removed' }).waitFor();

    await s.simulator.customers.send('whatsapp', { ...wa, kind: 'system', newPhone: '4917600000009' });
    const notice = page.locator('[data-content-type="system"]');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('4917600000009');
  });

  it('Messenger: a customer arriving from an ad is a notice naming the ad', async () => {
    const fb = { accountId: s.account('messenger').accountId, customer: { id: 'psid-ad-1', name: 'Adam Ad' } };
    await s.simulator.customers.send('messenger', { ...fb, text: 'hello' });
    await s.simulator.customers.send('messenger', { ...fb, kind: 'referral', referral: { ad_id: '2385', source: 'ADS', ads_context_data: { ad_title: 'Summer sale' } } });
    await open('Adam');
    const notice = page.locator('[data-content-type="referral"]');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Opened the chat from an ad: “Summer sale”');
  });

  it('TikTok: a card shows its title and buttons', async () => {
    const tk = { accountId: s.account('tiktok').accountId, customer: { id: 'tt-card-1', name: 'Tina Card', username: 'tina.card' } };
    await s.simulator.customers.send('tiktok', { ...tk, text: 'hi' });
    await s.simulator.customers.send('tiktok', {
      ...tk,
      kind: 'card',
      text: 'How can we help?',
      buttons: [
        { title: 'Track my order', payload: 'track' },
        { title: 'Talk to a human', payload: 'human' },
      ],
    });
    await open('tina');
    const card = page.getByTestId('button-card');
    await card.waitFor();
    const text = await card.textContent();
    expect(text).toContain('How can we help?');
    expect(text).toContain('Track my order');
    expect(text).toContain('Talk to a human');
    await page.screenshot({ path: '.test-data/message-kinds.png' });
  });
});
