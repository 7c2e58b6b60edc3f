import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../helpers/browser.ts';
import { signInByCookie, startBrowserSandbox, type BrowserSandbox } from '../helpers/browser-fixture.ts';

/**
 * The web app split by page (web/src/app/lazy-pages.ts): the inbox loads without the other
 * pages' code, a page's chunk is fetched when the page is first opened and once only, and a chunk
 * that is gone — after an upgrade the server has the new build's files only, and answers 404 for
 * the names this tab's entry knows — shows a reload offer instead of a blank app. Languages
 * other than English are chunks too (web/src/i18n/i18n.ts): one that is gone leaves English.
 */

/** The built file of a page's chunk, by its source, from Vite's manifest of the build snorq serves. */
function chunkOf(src: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.resolve('web/dist/.vite/manifest.json'), 'utf8')) as Record<string, { file: string }>;
  const file = manifest[src]?.file;
  if (!file) throw new Error(`the build has no chunk for ${src}`);
  return `/${file}`;
}

/** Every script the page fetches from now on, by path. */
function scriptsFetched(page: Page): string[] {
  const fetched: string[] = [];
  page.on('request', (r) => {
    const p = new URL(r.url()).pathname;
    if (p.endsWith('.js')) fetched.push(p);
  });
  return fetched;
}

describe.skipIf(!hasChromium)('pages loaded when first opened', () => {
  let sb: BrowserSandbox;
  beforeAll(async () => {
    sb = await startBrowserSandbox();
  }, 120_000);
  afterAll(async () => {
    await sb?.browser.close();
    await sb?.s.close();
  });

  it('loads the inbox without the settings, and fetches the settings once when moving there and back inside the app', async () => {
    const settings = chunkOf('src/pages/settings/SettingsRoutes.tsx');
    const page = await sb.browser.newPage();
    const fetched = scriptsFetched(page);
    await signInByCookie(page, sb.s.snorq.url);
    const inbox = page.getByTestId('conversation-list').or(page.getByTestId('conversation-list-empty')).first();
    await inbox.waitFor();
    expect(fetched.length).toBeGreaterThan(0);
    expect(fetched).not.toContain(settings);

    for (let visit = 0; visit < 2; visit++) {
      await page.getByTestId('nav-settings').click();
      await page.getByTestId('settings-nav-profile').waitFor();
      expect(new URL(page.url()).pathname).toMatch(/^\/settings\/[a-z]+$/);
      await page.getByTestId('nav-inbox').click();
      await inbox.waitFor();
      expect(new URL(page.url()).pathname).toBe('/inbox');
    }
    expect(fetched.filter((f) => f === settings)).toEqual([settings]);
    await page.close();
  });

  it("offers a reload when a page's chunk is gone, keeps the rest of the app working, and the reload shows the page", async () => {
    const dashboard = chunkOf('src/pages/dashboard/DashboardPage.tsx');
    const page = await sb.browser.newPage();
    await signInByCookie(page, sb.s.snorq.url);
    // What the server answers for a file name it no longer has (@fastify/static's 404).
    await page.route(`**${dashboard}`, (route) => route.fulfill({ status: 404, contentType: 'application/json', body: '{"message":"Route not found","error":"Not Found","statusCode":404}' }));

    await page.getByTestId('nav-dashboard').click();
    const failed = page.getByTestId('page-load-failed');
    await failed.getByRole('heading', { name: 'This page could not be loaded' }).waitFor();
    const reload = failed.getByRole('button', { name: 'Reload' });
    expect(await reload.isVisible()).toBe(true);
    // The shell stays, and another page opens.
    await page.getByTestId('nav-inbox').click();
    await page.getByTestId('conversation-list').or(page.getByTestId('conversation-list-empty')).first().waitFor();
    expect(await failed.count()).toBe(0);

    // Back to the missing page: the offer again; the reload fetches the build the server has now.
    await page.getByTestId('nav-dashboard').click();
    await page.unroute(`**${dashboard}`);
    await reload.click();
    await page.getByRole('heading', { name: 'Response command center', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    expect(await failed.count()).toBe(0);
    await page.close();
  });
  it('shows a German browser the app in German from a chunk of its own, and in English when that chunk is gone', async () => {
    const german = chunkOf('src/i18n/resources-de.ts');
    const page = await sb.browser.newPage({ locale: 'de-DE' });
    const fetched = scriptsFetched(page);
    await signInByCookie(page, sb.s.snorq.url);
    await page.getByTestId('nav-settings').filter({ hasText: 'Einstellungen' }).waitFor();
    expect(fetched.filter((f) => f === german)).toEqual([german]);
    expect(fetched).not.toContain(chunkOf('src/i18n/resources-es.ts'));
    await page.close();

    const stale = await sb.browser.newPage({ locale: 'de-DE' });
    await stale.route(`**${german}`, (route) => route.fulfill({ status: 404, contentType: 'application/json', body: '{"statusCode":404}' }));
    await signInByCookie(stale, sb.s.snorq.url);
    await stale.getByTestId('nav-settings').filter({ hasText: 'Settings' }).waitFor();
    await stale.close();
  });
});
