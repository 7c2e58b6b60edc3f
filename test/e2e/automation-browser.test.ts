import type { BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { buildWebApp, hasChromium } from '../helpers/browser.ts';
import { openBrowser, signInByCookie, type FileBrowser } from '../helpers/browser-fixture.ts';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * Settings → Automation in a browser, at a desktop and a phone width: an admin writes a rule with
 * the condition and action builders, tests it against a past conversation (nothing changes), saves
 * it, and a new customer message through the simulator is labelled by it, with the rule's log line
 * in the thread.
 */

describe.skipIf(!hasChromium)('settings: automation rules', () => {
  let s: SandboxedSnorq;
  let browser: FileBrowser;
  const contexts: BrowserContext[] = [];
  /**
   * The admin's 1280 px page, shared by the tests (each signs in afresh on it and loads its page;
   * the 375 px test resizes it: the layout follows the width through CSS alone): a new page is a
   * new renderer process, ~1 s of Chromium's CPU. The finger's phone (touch, mobile) is its own.
   */
  const adminPage = () => browser.sharedPage({ viewport: { width: 1280, height: 900 } });
  const customerWrites = async (id: string, text: string): Promise<number> => {
    const sent = await s.simulator.customers.send('whatsapp', { accountId: s.account('whatsapp').accountId, customer: { id, name: 'Maria Lopez' }, text, timestamp: Date.now() });
    return eventually(async () => (await s.snorq.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', sent.externalId!).executeTakeFirst())?.conversation_id);
  };

  beforeAll(async () => {
    buildWebApp();
    s = await startSandboxedSnorq();
    browser = await openBrowser();
  }, 180_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await s?.close();
  });

  /** Rules dragged into a new order, by mouse and by finger: saved once per drop, said to screen readers; the move buttons stay. */
  it('orders rules by dragging with a mouse and with a finger, one save per drop', { timeout: 120_000 }, async () => {
    const names = ['Drag A', 'Drag B', 'Drag C'];
    for (const name of names) {
      const res = await s.api('/api/v1/automation/rules', { method: 'POST', json: { name, event: 'message_received', conditions: [], actions: [{ type: 'add_label', label: 'dragged' }] } });
      expect(res.status).toBe(201);
    }
    const order = async () => ((await (await s.api('/api/v1/automation/rules')).json()) as { rules: { name: string }[] }).rules.map((r) => r.name).filter((n) => n.startsWith('Drag '));
    const saves: string[] = [];
    const grip = (page: Page, name: string) => page.getByTestId('rule').filter({ hasText: name }).getByTestId('rule-grip');
    const centre = async (page: Page, name: string) => {
      const box = (await grip(page, name).boundingBox())!;
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    };

    // A mouse: C dragged above A.
    const page = await adminPage();
    const onRequest = (r: Request) => void (r.url().endsWith('/api/v1/automation/rules/order') && saves.push(r.method()));
    page.on('request', onRequest);
    onTestFinished(() => void page.off('request', onRequest));
    await signInByCookie(page, s.snorq.url, undefined, { live: false, path: '/settings/automation' });
    // Measured once the page is whole: the greeting form above the rules loads on its own and moves them down.
    await page.getByTestId('greeting-text').waitFor();
    await grip(page, 'Drag C').hover();
    await page.mouse.down();
    const to = await centre(page, 'Drag A');
    await page.mouse.move(to.x, to.y - 10, { steps: 8 });
    await page.locator('.rule-item--dragging').waitFor();
    await page.mouse.up();
    await page.getByTestId('rules-order-said').filter({ hasText: 'Drag C is now rule 1 of' }).waitFor();
    expect(await order()).toEqual(['Drag C', 'Drag A', 'Drag B']);
    expect(saves).toEqual(['PUT']);

    // A finger on a phone (touch events through Chromium's own input): A dragged below B.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    contexts.push(phone);
    const touchPage = await phone.newPage();
    touchPage.on('request', (r) => r.url().endsWith('/api/v1/automation/rules/order') && saves.push(r.method()));
    await signInByCookie(touchPage, s.snorq.url, undefined, { live: false, path: '/settings/automation' });
    await touchPage.getByTestId('greeting-text').waitFor();
    await grip(touchPage, 'Drag A').scrollIntoViewIfNeeded();
    const a = await centre(touchPage, 'Drag A');
    // Past the middle of B's whole row (on a phone a row wraps, so its handle sits above its middle).
    const bRow = (await touchPage.getByTestId('rule').filter({ hasText: 'Drag B' }).boundingBox())!;
    const b = { y: bRow.y + bRow.height - 14 };
    const cdp = await phone.newCDPSession(touchPage);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', y: number) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x: a.x, y }] });
    await touch('touchStart', a.y);
    for (let step = 1; step <= 8; step++) await touch('touchMove', a.y + ((b.y - a.y) * step) / 8);
    await touch('touchEnd', b.y);
    await touchPage.getByTestId('rules-order-said').filter({ hasText: 'Drag A is now rule 3 of' }).waitFor();
    expect(await order()).toEqual(['Drag C', 'Drag B', 'Drag A']);
    expect(saves).toEqual(['PUT', 'PUT']);

    // The keyboard's way stays: the move buttons.
    await touchPage.getByRole('button', { name: 'Move Drag A up' }).click();
    await touchPage.getByTestId('rules-order-said').filter({ hasText: 'Drag A is now rule 2 of' }).waitFor();
    expect(await order()).toEqual(['Drag C', 'Drag A', 'Drag B']);
    for (const r of ((await (await s.api('/api/v1/automation/rules')).json()) as { rules: { id: number; name: string }[] }).rules) {
      if (r.name.startsWith('Drag ')) await s.api(`/api/v1/automation/rules/${r.id}`, { method: 'DELETE' });
    }
  });

  for (const width of [1280, 375]) {
    it(`creates a rule, tests it on a past conversation, and sees it act on a new message (${width} px)`, { timeout: 120_000 }, async () => {
      const past = await customerWrites(`49176000${width}`, 'I need a refund please');
      const page = await adminPage();
      if (width !== 1280) {
        await page.setViewportSize({ width, height: 900 });
        onTestFinished(() => page.setViewportSize({ width: 1280, height: 900 }));
      }
      await signInByCookie(page, s.snorq.url, undefined, { live: false, path: '/settings/automation' });
      await page.getByTestId('new-rule').click();
      await page.getByTestId('rule-name').fill(`Refunds ${width}`);
      await page.getByTestId('conditions-add').selectOption('text_contains');
      await page.getByTestId('condition-value').fill('refund');
      await page.getByTestId('actions-add').selectOption('add_label');
      await page.getByTestId('action-label').fill(`refund-${width}`);
      await page.getByTestId('tester-conversation').selectOption(String(past));
      await page.getByTestId('tester-run').click();
      await page
        .getByTestId('tester-result')
        .filter({ hasText: `would add the label “refund-${width}”` })
        .waitFor();
      // Testing changed nothing (the first run's saved rule may have labelled it with its own label).
      expect((await s.snorq.ctx.db.selectFrom('conversations').select('labels').where('id', '=', past).executeTakeFirstOrThrow()).labels).not.toContain(`refund-${width}`);
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(overflow).toBeLessThanOrEqual(0);
      await page.getByTestId('rule-save').click();
      await page
        .getByTestId('rule')
        .filter({ hasText: `Refunds ${width}` })
        .waitFor();

      const fresh = await customerWrites(`49177000${width}`, 'Refund for order 77 please');
      await eventually(
        async () => (await s.snorq.ctx.db.selectFrom('conversations').select('labels').where('id', '=', fresh).executeTakeFirstOrThrow()).labels.includes(`refund-${width}`),
        'the rule to label the new conversation',
      );
      await page.goto(`${s.snorq.url}/inbox/${fresh}`);
      await page
        .getByTestId('message')
        .filter({ hasText: `Rule “Refunds ${width}”: added the label “refund-${width}”` })
        .waitFor();
      await page.locator('[data-testid="message-author"][data-automatic="true"]').first().waitFor();
    });
  }
});
