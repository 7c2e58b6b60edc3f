import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebApp, hasChromium, signIn } from '../helpers/browser.ts';
import { openBrowser, type FileBrowser } from '../helpers/browser-fixture.ts';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * Settings → Automation in a browser, at a desktop and a phone width: an admin writes a rule with
 * the condition and action builders, tests it against a past conversation (nothing changes), saves
 * it, and a new customer message through the simulator is labelled by it, with the rule's log line
 * in the thread.
 */
const WAIT = { timeout: 20_000 };

describe.skipIf(!hasChromium)('settings: automation rules', () => {
  let s: SandboxedSnorq;
  let browser: FileBrowser;
  const contexts: BrowserContext[] = [];
  const newPage = async (width: number): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    contexts.push(context);
    return context.newPage();
  };
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

  for (const width of [1280, 375]) {
    it(`creates a rule, tests it on a past conversation, and sees it act on a new message (${width} px)`, { timeout: 120_000 }, async () => {
      const past = await customerWrites(`49176000${width}`, 'I need a refund please');
      const page = await newPage(width);
      await signIn(page, s.snorq.url, undefined, { live: false });
      await page.goto(`${s.snorq.url}/settings/automation`);
      await page.getByTestId('new-rule').click(WAIT);
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
        .waitFor(WAIT);
      // Testing changed nothing (the first run's saved rule may have labelled it with its own label).
      expect((await s.snorq.ctx.db.selectFrom('conversations').select('labels').where('id', '=', past).executeTakeFirstOrThrow()).labels).not.toContain(`refund-${width}`);
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(overflow).toBeLessThanOrEqual(0);
      await page.getByTestId('rule-save').click();
      await page
        .getByTestId('rule')
        .filter({ hasText: `Refunds ${width}` })
        .waitFor(WAIT);

      const fresh = await customerWrites(`49177000${width}`, 'Refund for order 77 please');
      await eventually(async () => (await s.snorq.ctx.db.selectFrom('conversations').select('labels').where('id', '=', fresh).executeTakeFirstOrThrow()).labels.includes(`refund-${width}`), 20_000);
      await page.goto(`${s.snorq.url}/inbox/${fresh}`);
      await page
        .getByTestId('message')
        .filter({ hasText: `Rule “Refunds ${width}”: added the label “refund-${width}”` })
        .waitFor(WAIT);
      await page.locator('[data-testid="message-author"][data-automatic="true"]').first().waitFor(WAIT);
    });
  }
});
