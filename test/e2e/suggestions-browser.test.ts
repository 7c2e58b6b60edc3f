import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebApp, hasChromium } from '../helpers/browser.ts';
import { openBrowser, signInByCookie, type FileBrowser } from '../helpers/browser-fixture.ts';
import { startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * Reply suggestions in the browser: a question answered before shows that answer above the
 * composer; a click puts it in the reply box to edit, and nothing is sent until the agent sends.
 */
describe.skipIf(!hasChromium)('reply suggestions above the composer', () => {
  let s: SandboxedSnorq;
  let browser: FileBrowser;
  let page: Page;

  beforeAll(async () => {
    buildWebApp();
    s = await startSandboxedSnorq({ autoReceipts: false });
    browser = await openBrowser();
    page = await browser.newPage({ viewport: { width: 390, height: 800 } });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  async function customerWrites(id: string, name: string, text: string): Promise<number> {
    const sent = await s.simulator.customers.send('messenger', { accountId: s.account('messenger').accountId, customer: { id, name }, text });
    expect(sent.status).toBe(200);
    return (await s.snorq.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', sent.externalId!).executeTakeFirstOrThrow()).conversation_id;
  }

  it('offers a past answer; a click fills the reply box without sending', async () => {
    const earlier = await customerWrites('sugg-earlier', 'Earlier Customer', 'Can I return shoes that do not fit?');
    expect((await s.api('/api/messages', { json: { conversationId: earlier, content: 'Yes: returns are free within 30 days.' } })).status).toBe(201);
    // A canned response with variables: its chip shows it as the composer would insert it.
    await s.snorq.ctx.db
      .insertInto('canned_responses')
      .values({ organization_id: s.organizationId, shortcut: 'return-shoes', content: 'Hello {{contact.first_name}}, shoes can be returned at {{organisation.name}}.' })
      .execute();
    const { organization } = (await (await s.api('/api/v1/organization')).json()) as { organization: { name: string } };
    const asking = await customerWrites('sugg-asking', 'Asking Customer', 'can i return shoes that dont fit');
    const stored = async () => (await s.snorq.ctx.db.selectFrom('messages').select('id').where('conversation_id', '=', asking).execute()).length;
    const before = await stored();

    await signInByCookie(page, s.snorq.url);
    const row = page.getByTestId('conversation-row').filter({ hasText: 'Asking Customer' });
    await row.waitFor();
    await row.click();
    const suggestion = page.getByTestId('reply-suggestion').filter({ hasText: 'returns are free within 30 days' });
    await suggestion.waitFor();
    const canned = page.getByTestId('reply-suggestion').filter({ hasText: 'shoes can be returned' });
    await expect.poll(() => canned.textContent()).toBe(`Hello Asking, shoes can be returned at ${organization.name}.`);
    expect(await page.getByTestId('reply-suggestions').textContent()).not.toContain('{{');
    await suggestion.click();
    await expect.poll(() => page.getByTestId('composer').inputValue()).toBe('Yes: returns are free within 30 days.');
    await page.screenshot({ path: '.test-data/reply-suggestions.png' });
    expect(await stored()).toBe(before);
  });
});
