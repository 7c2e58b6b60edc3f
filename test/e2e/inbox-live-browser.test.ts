import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebApp, hasChromium, SANDBOX_AGENT } from '../helpers/browser.ts';
import { openBrowser, type FileBrowser } from '../helpers/browser-fixture.ts';
import { startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * The app's server state as the agent sees it move: an address asked for before signing in is
 * where the agent lands after; live events reorder the list and count unread messages through
 * the query cache; opening a conversation reads it; search, the dashboard and the channels
 * page read their routes (which all exist: no "not available" fallback).
 */
/** Webhook → store → event → cache → screen, on a busy machine. */

describe.skipIf(!hasChromium)('the inbox kept current by live events', () => {
  let s: SandboxedSnorq;
  let browser: FileBrowser;
  let page: Page;
  const row = (name: string) => page.getByTestId('conversation-row').filter({ hasText: name });
  // WhatsApp timestamps are whole seconds: messages sent in the same second tie, and the list breaks ties by id.
  const send = (id: string, name: string, text: string, secondsAgo = 0) =>
    s.simulator.customers.send('whatsapp', { accountId: s.account('whatsapp').accountId, customer: { id, name }, text, timestamp: Date.now() - secondsAgo * 1000 });

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

  it('signs in from a deep link and comes back to it', async () => {
    await page.goto(`${s.snorq.url}/dashboard`);
    await page.waitForURL(/\/\?next=%2Fdashboard$/);
    await page.getByTestId('login-email').fill(SANDBOX_AGENT.email);
    await page.getByTestId('login-password').fill(SANDBOX_AGENT.password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/dashboard$/);
    await page.getByTestId('kpi-open').waitFor();
    await page.getByTestId('connection-state').filter({ hasText: 'live' }).waitFor();
  });

  it('moves a conversation to the top with its unread count when a customer writes, and reads it when opened', async () => {
    await page.getByTestId('nav-inbox').click();
    await send('4917600002001', 'Bea First', 'first customer', 120);
    await row('Bea First').waitFor();
    await send('4917600002002', 'Cal Second', 'second customer', 60);
    await row('Cal Second').waitFor();
    const rows = page.getByTestId('conversation-row');
    await expect.poll(() => rows.first().textContent()).toContain('Cal Second');

    await send('4917600002001', 'Bea First', 'one more thing');
    await expect.poll(() => rows.first().textContent()).toContain('one more thing');
    await expect.poll(() => row('Bea First').getAttribute('data-unread')).toBe('2');

    await row('Bea First').click();
    await page.getByTestId('message').filter({ hasText: 'one more thing' }).waitFor();
    await expect.poll(() => row('Bea First').getAttribute('data-unread')).toBe('0');
    // A message into the open conversation is read as it arrives.
    await send('4917600002001', 'Bea First', 'still there?');
    await page.getByTestId('message').filter({ hasText: 'still there?' }).waitFor();
    expect(await row('Bea First').getAttribute('data-unread')).toBe('0');
  });

  it('finds a message and opens the conversation at it', async () => {
    await page.getByTestId('search-input').fill('second customer');
    const hit = page.getByTestId('search-result').first();
    await hit.waitFor();
    await hit.click();
    // The search stays in the address beside the hit (`?q=…&m=…`).
    await page.waitForURL(/\/inbox\/\d+\?(.*&)?m=\d+$/);
    await page.getByTestId('message').filter({ hasText: 'second customer' }).waitFor();
  });

  it('lists the connected channels', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-nav-channels').click();
    await page.getByTestId('channel-row').first().waitFor();
    expect(await page.getByTestId('channel-row').count()).toBeGreaterThan(0);
  });
});
