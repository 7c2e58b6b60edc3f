import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformInfo, PlatformsResponse } from '../../src/contract/platforms.ts';
import { buildWebApp, hasChromium } from '../helpers/browser.ts';
import { openBrowser, signInByCookie, type FileBrowser } from '../helpers/browser-fixture.ts';
import { startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * The web app's platforms come from GET /api/v1/platforms, in Chromium against a real snorq:
 * the inbox filter, the badges, the dashboard's colours and Settings → Channels (connect buttons,
 * the add-by-credentials form and its fields) show exactly what the server describes.
 */
describe.skipIf(!hasChromium)('platforms in the browser', () => {
  let s: SandboxedSnorq;
  let browser: FileBrowser;
  let page: Page;
  let platforms: PlatformInfo[];
  const byId = (id: string) => platforms.find((p) => p.id === id)!;

  beforeAll(async () => {
    buildWebApp();
    s = await startSandboxedSnorq();
    platforms = ((await (await s.api('/api/v1/platforms')).json()) as PlatformsResponse).platforms;
    browser = await openBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('filters the inbox by the platforms the server lists, and badges rows by its names', async () => {
    await signInByCookie(page, s.snorq.url);
    const options = page.getByTestId('filter-platform').locator('option');
    await expect.poll(() => options.allTextContents()).toEqual(['All platforms', ...platforms.map((p) => p.ui.name)]);
    await expect(options.evaluateAll((els) => els.map((e) => e.getAttribute('value')))).resolves.toEqual(['', ...platforms.map((p) => p.id)]);

    await s.simulator.customers.send('whatsapp', { accountId: s.account('whatsapp').accountId, customer: { id: '4917600000001', name: 'Ada' }, text: 'Hello' });
    const row = page.locator('[data-testid="conversation-row"][data-platform="whatsapp"]');
    await row.waitFor();
    await expect.poll(() => row.locator('.platform-badge').getAttribute('aria-label')).toBe(byId('whatsapp').ui.name);

    await page.getByTestId('filter-platform').selectOption(platforms.find((p) => p.id !== 'whatsapp')!.id);
    await page.getByTestId('conversation-list-empty').waitFor();
    await page.getByTestId('filter-platform').selectOption('whatsapp');
    await row.waitFor();
  });

  it('draws the dashboard in each platform’s colour', async () => {
    await page.getByTestId('nav-dashboard').click();
    const bar = page.getByTestId('volume-chart').locator('rect.chart__segment[data-platform="whatsapp"]').first();
    await bar.waitFor();
    // The part is filled with the platform's pattern: its colour under its texture (chart-patterns.ts).
    const fill = (await bar.getAttribute('fill'))!;
    const pattern = page.locator(`pattern#${fill.slice(5, -1)} > rect`).first();
    await expect(pattern.getAttribute('fill')).resolves.toBe(byId('whatsapp').ui.colour);
    await expect(page.locator('.legend').textContent()).resolves.toContain(byId('whatsapp').ui.name);
  });

  it('offers to connect each platform, and the credential fields the server names', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-nav-channels').click();
    const connectable = platforms.filter((p) => p.connect.oauth || p.connect.form);
    await page.getByTestId(`connect-${connectable[0]!.id}`).waitFor();
    const buttons = page.locator('[data-testid^="connect-"].connect-button');
    await expect(buttons.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).resolves.toEqual(connectable.map((p) => `connect-${p.id}`));
    await expect(page.getByTestId(`connect-${connectable[0]!.id}`).getAttribute('href')).resolves.toBe(`/api/v1/platforms/connect/${connectable[0]!.id}`);

    const rows = page.getByTestId('channel-row');
    await rows.first().waitFor();
    const first = await rows.first().getAttribute('data-platform');
    // Named once the platforms' list is in, which may answer after the channels.
    await expect.poll(() => rows.first().locator('.platform-badge__label').textContent()).toBe(byId(first!).ui.name);

    await page.getByTestId('add-by-credentials').click();
    const typed = platforms.filter((p) => p.connect.credentials);
    const choice = page.getByTestId('add-channel-platform');
    await expect(choice.locator('option').allTextContents()).resolves.toEqual(typed.map((p) => p.ui.name));
    for (const platform of typed) {
      await choice.selectOption(platform.id);
      const form = platform.connect.credentials!;
      await expect(page.getByTestId('add-channel-form').textContent()).resolves.toContain(form.account.label);
      for (const field of form.fields) await page.getByTestId(`add-channel-${field.name}`).waitFor();
      const shown = await page.locator('[data-testid^="add-channel-"]:is(input, select)').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
      expect(shown).toEqual(['add-channel-platform', 'add-channel-account', 'add-channel-name', ...form.fields.map((f) => `add-channel-${f.name}`)]);
    }
  });
});
