import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createUser } from '../../src/core/accounts/users.ts';
import { buildWebApp, hasChromium } from '../helpers/browser.ts';
import { openBrowser, signInByCookie, type FileBrowser } from '../helpers/browser-fixture.ts';
import { startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * The language model in the browser, against the simulator's OpenAI-compatible endpoint: an admin
 * turns it on and allows message text; an agent gets a draft streamed into the composer (seen
 * while the model still holds the rest), edits it and sends it; summarises the conversation,
 * translates the customer's messages and the draft; the same at 375 px without sideways scrolling.
 */
describe.skipIf(!hasChromium)('language-model drafts, summaries and translations', () => {
  let s: SandboxedSnorq;
  let browser: FileBrowser;
  let conversationId: number;
  const AGENT = { email: 'ai-agent@sandbox.test', password: 'agent password 12' };

  beforeAll(async () => {
    buildWebApp();
    s = await startSandboxedSnorq({ autoReceipts: false, env: (sim) => ({ AI_BASE_URL: `${sim.url}/v1`, AI_MODEL: 'sim-model', AI_API_KEY: 'browser-key' }) });
    await createUser(s.snorq.ctx.db, { organizationId: s.organizationId, ...AGENT, name: 'Ada Agent', role: 'agent' });
    const sent = await s.simulator.customers.send('messenger', {
      accountId: s.account('messenger').accountId,
      customer: { id: 'ai-browser-1', name: 'Lucía Pérez' },
      text: 'hola, dónde está mi pedido',
    });
    expect(sent.status).toBe(200);
    conversationId = (await s.snorq.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', sent.externalId!).executeTakeFirstOrThrow()).conversation_id;
    browser = await openBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  /**
   * One page shared by the tests (each signs in afresh on it, and the 375 px test resizes it: the
   * layout follows the width through CSS alone): a new page is a new renderer process, ~1 s of
   * Chromium's CPU.
   */
  const sharedPage = () => browser.sharedPage({ viewport: { width: 1280, height: 900 } });
  /** The agent, signed in straight at the conversation: one load of the app. */
  const agentAtConversation = async (page: Page) => {
    await signInByCookie(page, s.snorq.url, AGENT, { path: `/inbox/${conversationId}` });
    await page.getByTestId('composer').waitFor();
  };

  it('an admin turns it on and allows message text', async () => {
    const page = await sharedPage();
    await signInByCookie(page, s.snorq.url, undefined, { live: false, path: '/settings/ai' });
    await page.getByTestId('ai-settings-form').waitFor();
    expect(await page.getByTestId('ai-enabled').isChecked()).toBe(false);
    await page.getByTestId('ai-enabled').check();
    await page.getByTestId('ai-share').check();
    await page.getByTestId('ai-settings-save').click();
    await expect.poll(async () => ((await s.api('/api/v1/ai/settings').then((r) => r.json())) as { settings: unknown }).settings).toMatchObject({ enabled: true, shareMessageText: true });
  });

  it('an agent gets a draft streamed into the composer, edits it and sends it', async () => {
    const page = await sharedPage();
    await agentAtConversation(page);
    const composer = page.getByTestId('composer');
    s.simulator.languageModel.set('pause');
    await page.getByTestId('ai-draft').click();
    // The first piece is in the composer while the model still holds the rest.
    // (a notice instead would say why: its text is what the poll then shows)
    const notice = page.getByTestId('ai-notice');
    await expect.poll(async () => ((await notice.count()) > 0 ? await notice.textContent() : await composer.inputValue())).toBe('Thanks ');
    expect(s.simulator.languageModel.heldCount()).toBe(1);
    await page.getByTestId('ai-draft-stop').waitFor();
    s.simulator.languageModel.release();
    await expect.poll(() => composer.inputValue()).toMatch(/^Thanks for your message about "hola, dónde está mi pedido"\. /);
    await page.getByTestId('ai-draft').waitFor();
    const messages = async () => (await s.snorq.ctx.db.selectFrom('messages').select('id').where('conversation_id', '=', conversationId).execute()).length;
    // Nothing was sent by the draft itself.
    expect(await messages()).toBe(1);
    await composer.press('End');
    await composer.type(' Best, Ada');
    await composer.press('Enter');
    const sent = await s.simulator.recorded.waitFor({ platform: 'messenger', method: 'POST', match: (c) => JSON.stringify(c.body).includes('Best, Ada') });
    expect(JSON.stringify(sent.body)).toContain('We are looking into it and will get back to you shortly. Best, Ada');
    await page.screenshot({ path: '.test-data/ai-draft.png' });
  });

  it('summarises the conversation and translates the customer’s messages and the draft', async () => {
    const page = await sharedPage();
    await agentAtConversation(page);
    await page.getByTestId('ai-summarise').click();
    await expect.poll(() => page.getByTestId('ai-result').textContent()).toContain('The customer wrote 1 message(s)');
    await page.getByTestId('ai-translate-messages').click();
    await expect.poll(() => page.getByTestId('ai-translation').first().textContent()).toBe('(English) hola, dónde está mi pedido');
    await page.getByTestId('composer').fill('Your order ships today.');
    await page.getByTestId('ai-translate-draft').click();
    await expect.poll(() => page.getByTestId('composer').inputValue()).toBe('(Spanish) Your order ships today.');
    // Undo brings the agent's own words back…
    await page.getByTestId('ai-translate-undo').click();
    expect(await page.getByTestId('composer').inputValue()).toBe('Your order ships today.');
    await page.getByTestId('ai-translate-undo').waitFor({ state: 'detached' });
    // …and so does the keyboard's undo, as for any edit of the reply box.
    await page.getByTestId('ai-translate-draft').click();
    await expect.poll(() => page.getByTestId('composer').inputValue()).toBe('(Spanish) Your order ships today.');
    await page.getByTestId('composer').press('Control+z');
    await expect.poll(() => page.getByTestId('composer').inputValue()).toBe('Your order ships today.');
    await page.getByTestId('ai-translate-undo').waitFor({ state: 'detached' });
  });

  it('falls back with a notice when the model fails, and fits 375 px', async () => {
    const page = await sharedPage();
    await page.setViewportSize({ width: 375, height: 900 });
    onTestFinished(() => page.setViewportSize({ width: 1280, height: 900 }));
    await agentAtConversation(page);
    await page.getByTestId('composer').fill('');
    s.simulator.languageModel.set('error');
    await page.getByTestId('ai-draft').click();
    await expect.poll(() => page.getByTestId('ai-notice').getAttribute('data-kind')).toBe('fallback');
    expect(await page.getByTestId('composer').inputValue()).toBe('');
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: '.test-data/ai-draft-375.png' });
  });
});
