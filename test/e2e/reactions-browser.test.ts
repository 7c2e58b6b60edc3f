import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../helpers/browser.ts';
import { openConversationOf as open, startBrowserSandbox, type FileBrowser } from '../helpers/browser-fixture.ts';
import type { SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * Reacting in the browser: the agent opens React on a customer's message, picks a reaction the
 * platform offers, sees it on the message and the platform (the simulator) holds it; takes it
 * back; on a platform without reactions the control says why. Waits on the DOM and on recorded calls.
 */
describe.skipIf(!hasChromium)('reactions on a customer message', () => {
  let s: SandboxedSnorq;
  let browser: FileBrowser;
  let page: Page;

  beforeAll(async () => {
    ({ s, browser, page } = await startBrowserSandbox({ sandbox: { autoReceipts: false }, page: { viewport: { width: 1200, height: 800 } } }));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  const openConversationOf = (platform: 'whatsapp' | 'tiktok', id: string, name: string) => open(page, s, platform, { id, name });

  it('reacts with a platform reaction, shown on the message and held by the platform; then removes it', async () => {
    const externalId = await openConversationOf('whatsapp', '4917311112222', 'Rita Reacts');
    const bubble = page.getByTestId('message').filter({ hasText: 'Hello from Rita Reacts' });
    await bubble.hover();
    await bubble.getByTestId('react-button').click();
    const choices = bubble.getByTestId('reaction-menu').getByRole('button');
    const first = choices.first();
    const emoji = (await first.textContent())!.trim();
    await first.click();
    await bubble.getByTestId('reactions').locator('[data-by="team"]').filter({ hasText: emoji }).waitFor();
    await expect.poll(() => s.simulator.message(externalId)?.businessReaction).toBe(emoji);
    await page.screenshot({ path: '.test-data/reaction-sent.png' });

    await bubble.hover();
    await bubble.getByTestId('react-button').click();
    await bubble.getByTestId('remove-reaction').click();
    await bubble.getByTestId('reactions').waitFor({ state: 'detached' });
    await expect.poll(() => s.simulator.message(externalId)?.businessReaction).toBeUndefined();
  });

  it('on a platform without reactions the control is disabled and names the platform', async () => {
    await openConversationOf('tiktok', 'tt-no-reactions', 'Tom Tiktok');
    const bubble = page.getByTestId('message').filter({ hasText: 'Hello from Tom Tiktok' });
    const control = bubble.getByTestId('react-unsupported');
    await control.waitFor({ state: 'attached' });
    expect(await control.isDisabled()).toBe(true);
    expect(await control.getAttribute('title')).toMatch(/TikTok/);
  });
});
