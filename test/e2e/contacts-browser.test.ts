import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebApp, hasChromium, launchChromium, signIn } from '../helpers/browser.ts';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * Contacts in a browser at 375 px, against a real snorq and the simulator: two identities of one
 * person (WhatsApp, Messenger) linked into one contact with one timeline; searching contacts;
 * erasing one, confirmed twice.
 */
describe.skipIf(!hasChromium)('contacts in a browser', () => {
  let s: SandboxedSnorq;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    buildWebApp();
    s = await startSandboxedSnorq({});
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 375, height: 800 } });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  const contactOf = (platformUserId: string) =>
    eventually(async () => (await s.snorq.ctx.db.selectFrom('contact_identities').select(['contact_id', 'id']).where('platform_user_id', '=', platformUserId).executeTakeFirst()) ?? undefined, 15_000);

  it('links two identities of one person and shows one timeline', async () => {
    await s.simulator.customers.send('whatsapp', { accountId: s.account('whatsapp').accountId, customer: { id: '4917600001111', name: 'Linda Linked' }, text: 'hi from whatsapp' });
    await s.simulator.customers.send('messenger', { accountId: s.account('messenger').accountId, customer: { id: 'psid-linda-linked', name: 'Linda L' }, text: 'hi from messenger' });
    const wa = await contactOf('4917600001111');
    await contactOf('psid-linda-linked');
    await signIn(page, s.snorq.url);
    await page.goto(`${s.snorq.url}/contacts/${wa.contact_id}`);
    await page.getByTestId('link-search').fill('Linda L');
    await page.getByTestId('link-contact').first().click();
    await page.getByTestId('contact-identities').getByTestId('identity').nth(1).waitFor();
    const items = page.getByTestId('timeline-item');
    await eventually(async () => ((await items.count()) === 2 ? true : undefined), 15_000);
    expect(await items.allTextContents()).toEqual([expect.stringContaining('hi from whatsapp'), expect.stringContaining('hi from messenger')]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });

  it('searches contacts', async () => {
    await page.goto(`${s.snorq.url}/contacts`);
    await page.getByTestId('contact-search').fill('4917600001111');
    await eventually(async () => ((await page.getByTestId('contact-row').count()) === 1 ? true : undefined), 15_000);
    expect(await page.getByTestId('contact-row').textContent()).toContain('Linda Linked');
  });

  it('erases a contact only after the second confirmation', async () => {
    await s.simulator.customers.send('whatsapp', { accountId: s.account('whatsapp').accountId, customer: { id: '4917600002222', name: 'Erin Erase' }, text: 'forget me' });
    const erin = await contactOf('4917600002222');
    await page.goto(`${s.snorq.url}/contacts/${erin.contact_id}`);
    await page.getByTestId('erase-start').click();
    const final = page.getByTestId('erase-final');
    expect(await final.isDisabled()).toBe(true);
    await page.getByTestId('erase-confirm').fill('Erin');
    expect(await final.isDisabled()).toBe(true);
    await page.getByTestId('erase-confirm').fill('Erin Erase');
    await final.click();
    await page.waitForURL(/\/contacts$/);
    const row = await s.snorq.ctx.db.selectFrom('contacts').select('erased_at').where('id', '=', erin.contact_id).executeTakeFirstOrThrow();
    expect(row.erased_at).not.toBeNull();
  });
});
