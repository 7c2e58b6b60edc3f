import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebApp, hasChromium } from '../helpers/browser.ts';
import { holdRequests, openBrowser, signInByCookie, type FileBrowser } from '../helpers/browser-fixture.ts';
import { startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * Bulk actions and keyboard shortcuts in the inbox: a resolve over everything the filter
 * matches, a shift-click range, j/k through the list, `?` listing the shortcuts, and keys typed
 * into the composer staying text.
 */

describe.skipIf(!hasChromium)('bulk actions and shortcuts in the inbox', () => {
  let s: SandboxedSnorq;
  let browser: FileBrowser;
  let page: Page;
  const rows = () => page.getByTestId('conversation-row');
  const checkbox = (i: number) => page.getByTestId('select-conversation').nth(i);
  const send = (n: number) =>
    s.simulator.customers.send('whatsapp', {
      accountId: s.account('whatsapp').accountId,
      customer: { id: `49176000030${n}`, name: `Bulk Person ${n}` },
      text: `hello ${n}`,
      timestamp: Date.now() - (10 - n) * 1000,
    });

  beforeAll(async () => {
    buildWebApp();
    s = await startSandboxedSnorq({ autoReceipts: false });
    for (let n = 1; n <= 5; n++) await send(n);
    browser = await openBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signInByCookie(page, s.snorq.url);
    await page.getByTestId('conversation-row').filter({ hasText: 'Bulk Person 1' }).waitFor();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('ticks a range with shift-click', async () => {
    await expect.poll(() => rows().count()).toBe(5);
    await checkbox(0).click();
    await checkbox(3).click({ modifiers: ['Shift'] });
    await expect.poll(() => page.getByTestId('selection-count').textContent()).toBe('4 selected');
    expect(await Promise.all([0, 1, 2, 3, 4].map((i) => checkbox(i).isChecked()))).toEqual([true, true, true, true, false]);
    await page.getByTestId('bulk-clear').click();
    await page.getByTestId('selection-count').waitFor({ state: 'detached' });
  });

  it('moves through the list with j and k, lists the shortcuts with ?, and leaves keys typed into the composer alone', async () => {
    const ids = await rows().evaluateAll((els) => els.map((el) => el.getAttribute('data-conversation-id')));
    await page.locator('body').click({ position: { x: 5, y: 790 } });
    await page.keyboard.press('j');
    await page.waitForURL(new RegExp(`/inbox/${ids[0]}$`));
    await page.keyboard.press('j');
    await page.waitForURL(new RegExp(`/inbox/${ids[1]}$`));
    await page.keyboard.press('k');
    await page.waitForURL(new RegExp(`/inbox/${ids[0]}$`));
    await page.keyboard.press('?');
    const dialog = page.getByTestId('shortcuts-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.getByTestId('shortcut').count()).toBe(8);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    await page.keyboard.press('r');
    const composer = page.getByTestId('composer');
    await expect.poll(() => composer.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.type('jk?e');
    expect(await composer.inputValue()).toBe('jk?e');
    expect(page.url()).toMatch(new RegExp(`/inbox/${ids[0]}$`));
    expect(await dialog.isVisible()).toBe(false);
  });

  it('a key pressed as the ? dialog closes, before its close event, is a shortcut again', async () => {
    const composer = page.getByTestId('composer');
    await composer.waitFor();
    await page.locator('body').click({ position: { x: 5, y: 790 } });
    await page.keyboard.press('?');
    const dialog = page.getByTestId('shortcuts-dialog');
    await dialog.waitFor({ state: 'visible' });
    // Closed as Escape closes it (at once), and r pressed in the same task: the dialog's close
    // event, which tells the app, comes after. A whole run on a busy machine hit this order.
    await page.evaluate(`
      document.querySelector('[data-testid="shortcuts-dialog"]').close();
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'r', bubbles: true, cancelable: true }));
    `);
    await expect.poll(() => composer.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await dialog.waitFor({ state: 'hidden' });
  });

  it('r or n pressed before the conversation j opened is drawn focuses its composer, in that mode, as soon as it is', async () => {
    for (const [key, note] of [
      ['r', 'false'],
      ['n', 'true'],
    ] as const) {
      await page.goto(`${s.snorq.url}/inbox`);
      await rows().first().waitFor();
      const first = await rows().first().getAttribute('data-conversation-id');
      // The conversation's details, which its composer waits for, held back until the key has been
      // pressed (on a busy machine they came after it, and the key did nothing).
      const details = await holdRequests(page, /\/api\/v1\/conversations\/\d+$/);
      try {
        await page.locator('body').click({ position: { x: 5, y: 790 } });
        await page.keyboard.press('j');
        await page.waitForURL(new RegExp(`/inbox/${first}$`));
        await page.keyboard.press(key);
        expect(await page.getByTestId('composer').count()).toBe(0);
        details.release();
        await expect.poll(() => page.getByTestId('composer').evaluate((el) => el === el.ownerDocument.activeElement), { message: key }).toBe(true);
        await expect.poll(() => page.locator('[data-testid="note-toggle"][aria-pressed]').getAttribute('aria-pressed'), { message: key }).toBe(note);
      } finally {
        await details.done();
      }
    }
  });

  it('resolves everything matching a filter, and the list follows', async () => {
    await page.getByTestId('filter-status').selectOption('open');
    await expect.poll(() => rows().count()).toBe(5);
    await page.getByTestId('select-all-visible').check();
    await page.getByTestId('select-all-matching').click();
    await expect.poll(() => page.getByTestId('selection-count').textContent()).toBe('All matching (5)');
    await page.getByTestId('bulk-resolve').click();
    await expect.poll(() => page.getByTestId('conversation-list-empty').isVisible()).toBe(true);
    const open = (await (await s.api('/api/v1/conversations?status=open')).json()) as { conversations: unknown[] };
    expect(open.conversations).toEqual([]);
    await page.getByTestId('filter-status').selectOption('resolved');
    await expect.poll(() => rows().count()).toBe(5);
  });
});
