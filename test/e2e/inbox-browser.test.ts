import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { buildWebApp, hasChromium, signIn } from '../helpers/browser.ts';
import { openBrowser, type FileBrowser } from '../helpers/browser-fixture.ts';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * The inbox as an agent uses it, in Chromium against a real snorq and the platform simulator:
 * sign in, see a customer message arrive live (rendered inert), answer it, watch its ticks.
 */
describe.skipIf(!hasChromium)('the inbox in a browser', () => {
  let s: SandboxedSnorq;
  let browser: FileBrowser;
  let page: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    buildWebApp();
    s = await startSandboxedSnorq({ autoReceipts: true });
    browser = await openBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('signs in and shows a customer message live, as text', async () => {
    await signIn(page, s.snorq.url);

    const xss = '<img src=x onerror=alert(1)>';
    await s.simulator.customers.send('whatsapp', { accountId: s.account('whatsapp').accountId, customer: { id: '4917612345678', name: 'Mallory <b>' }, text: xss });
    const row = page.getByTestId('conversation-row').first();
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain(xss);
    await row.click();
    const bubble = page.getByTestId('message').filter({ hasText: xss });
    await bubble.waitFor();
    expect(await bubble.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await page.screenshot({ path: '.test-data/inbox-desktop.png' });
  });

  it('sends a reply with Enter and shows its ticks move to read', async () => {
    await page.getByTestId('composer').fill('Hello Mallory, how can we help?');
    await page.getByTestId('composer').press('Enter');
    const mine = page.getByTestId('message').filter({ hasText: 'Hello Mallory, how can we help?' });
    await mine.waitFor();
    await eventually(async () => ((await mine.getAttribute('data-status')) === 'read' ? true : undefined), 'the reply to show read');
  });

  it('opens a 10,000-message thread quickly and renders only what is visible', async () => {
    const conv = await s.snorq.ctx.db.selectFrom('conversations').select(['id', 'channel_id']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    await sql`
      insert into messages (organization_id, conversation_id, channel_id, direction, content, content_type, status, external_id, platform_timestamp)
      select ${s.organizationId}, ${conv.id}, ${conv.channel_id}, case when g % 3 = 0 then 'outbound' else 'inbound' end,
        'history message ' || g, 'text', 'read', 'bulk-' || g, now() - interval '30 days' + g * interval '1 minute'
      from generate_series(1, 10000) g`.execute(s.snorq.ctx.db);
    await page.goto(`${s.snorq.url}/inbox`);
    const t0 = Date.now();
    await page.goto(`${s.snorq.url}/inbox/${conv.id}`);
    await page.getByTestId('message').first().waitFor();
    console.log(`10,000-message thread: first messages visible after ${Date.now() - t0} ms`);
    // virtualised: a few dozen rows in the DOM, not thousands
    expect(await page.getByTestId('message').count()).toBeLessThan(200);
    await page.mouse.wheel(0, -20_000);
    await page.getByTestId('message').first().waitFor();
  });

  it('is usable at 375 px', async () => {
    // The file's page, resized (the layout follows the width through CSS alone): a new page is a
    // new renderer process, ~1 s of Chromium's CPU.
    const phone = page;
    await phone.setViewportSize({ width: 375, height: 740 });
    onTestFinished(() => phone.setViewportSize({ width: 1280, height: 800 }));
    await phone.goto(`${s.snorq.url}/inbox`);
    await phone.getByTestId('conversation-row').first().waitFor();
    const width = (await phone.evaluate('document.documentElement.scrollWidth')) as number;
    expect(width).toBeLessThanOrEqual(375);
    await phone.screenshot({ path: '.test-data/inbox-phone.png' });
  });
});
