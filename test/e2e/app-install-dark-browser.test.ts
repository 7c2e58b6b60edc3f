import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { buildWebApp, hasChromium } from '../helpers/browser.ts';
import { openBrowser, signInByCookie, type FileBrowser } from '../helpers/browser-fixture.ts';
import { lowContrastTexts } from '../helpers/contrast.ts';
import { followRequests } from '../helpers/move-in-app.ts';
import { startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * snorq as an installed app: its manifest and icons, the service worker at the root with its
 * offline page, the dark theme under Chromium's emulated dark colour scheme (every page's text
 * legible, in both themes), and the unread count in the tab's title following live events.
 */
const PAGES = ['/inbox', '/dashboard', '/settings/channels', '/settings/profile'];

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): string {
  expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

describe.skipIf(!hasChromium)('installable, offline page, dark theme, unread title', () => {
  let s: SandboxedSnorq;
  let browser: FileBrowser;
  /**
   * One page shared by the tests (each signs in afresh on it and loads its page; the dark theme is
   * Chromium's emulated colour scheme, switched on the page and back): a new page is a new
   * renderer process, ~1 s of Chromium's CPU.
   */
  const sharedPage = () => browser.sharedPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });

  beforeAll(async () => {
    buildWebApp();
    s = await startSandboxedSnorq();
    browser = await openBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('serves a web manifest whose icons exist in the sizes it declares', { timeout: 60_000 }, async () => {
    const page = await sharedPage();
    await page.goto(`${s.snorq.url}/`);
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    const res = await fetch(`${s.snorq.url}${href}`);
    expect(res.status).toBe(200);
    const manifest = (await res.json()) as { name: string; start_url: string; display: string; icons: { src: string; sizes: string; type: string; purpose: string }[] };
    expect(manifest).toMatchObject({ start_url: '/inbox', display: 'standalone' });
    const pngs = manifest.icons.filter((i) => i.type === 'image/png');
    expect(pngs.map((i) => `${i.sizes} ${i.purpose}`).sort()).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
    for (const icon of pngs) {
      const img = await fetch(`${s.snorq.url}${icon.src}`);
      expect(img.headers.get('content-type')).toBe('image/png');
      expect(pngSize(Buffer.from(await img.arrayBuffer()))).toBe(icon.sizes);
    }
    expect((await fetch(`${s.snorq.url}/apple-touch-icon.png`)).status).toBe(200);
  });

  it('registers the service worker at the root and shows the offline page when the network is gone', { timeout: 60_000 }, async () => {
    const page = await sharedPage();
    await signInByCookie(page, s.snorq.url);
    const worker = await page.evaluate('navigator.serviceWorker.ready.then((r) => ({ script: r.active && r.active.scriptURL, scope: r.scope }))');
    expect(worker).toEqual({ script: `${s.snorq.url}/sw.js`, scope: `${s.snorq.url}/` });
    await expect.poll(() => page.evaluate('navigator.serviceWorker.controller !== null')).toBe(true);
    await page.context().setOffline(true);
    // The page is the next test's too: back online whatever happens here.
    onTestFinished(() => page.context().setOffline(false));
    await page.goto(`${s.snorq.url}/dashboard`);
    await page.getByTestId('offline-page').waitFor();
    await page.context().setOffline(false);
  });

  it('follows the system into the dark theme, and every page reads at WCAG AA contrast in both themes', { timeout: 120_000 }, async () => {
    await s.simulator.customers.send('whatsapp', { accountId: s.account('whatsapp').accountId, customer: { id: '4917600009001', name: 'Dana Dark' }, text: 'is it dark in here?' });
    for (const scheme of ['light', 'dark'] as const) {
      const page = await sharedPage();
      await page.emulateMedia({ colorScheme: scheme });
      if (scheme === 'dark') onTestFinished(() => page.emulateMedia({ colorScheme: 'light' }));
      // Loaded once, then moved between the pages inside the app (move-in-app.ts: ~0.1 s of CPU a page against ~0.5 s for a load).
      const moves = followRequests(page);
      await signInByCookie(page, s.snorq.url);
      const background = await page.evaluate('getComputedStyle(document.body).backgroundColor');
      expect(background).toBe(scheme === 'dark' ? 'rgb(15, 18, 24)' : 'rgb(243, 244, 247)');
      for (const path of PAGES) {
        await moves.moveTo(path);
        if (path === '/inbox') {
          await page.getByTestId('conversation-row').filter({ hasText: 'Dana Dark' }).click();
          await page.getByTestId('message').filter({ hasText: 'is it dark in here?' }).waitFor();
        }
        if (path === '/settings/profile') await page.getByTestId('notify-pref-newMessage').waitFor();
        expect({ scheme, path, low: await lowContrastTexts(page) }).toEqual({ scheme, path, low: [] });
      }
      await page.context().clearCookies();
    }
  });

  it('puts the count of unread conversations in the tab title, and takes it away once they are read', { timeout: 90_000 }, async () => {
    const page = await sharedPage();
    await signInByCookie(page, s.snorq.url);
    await page.getByTestId('conversation-row').first().waitFor();
    // Read what is there, so that the count starts from nothing.
    for (const row of await page.getByTestId('conversation-row').all()) if ((await row.getAttribute('data-unread')) !== '0') await row.click();
    await page.goto(`${s.snorq.url}/dashboard`);
    await expect.poll(() => page.title()).toBe('Dashboard — snorq');
    await s.simulator.customers.send('whatsapp', { accountId: s.account('whatsapp').accountId, customer: { id: '4917600009002', name: 'Tim Title' }, text: 'count me' });
    await expect.poll(() => page.title()).toBe('(1) Dashboard — snorq');
    await page.getByTestId('nav-inbox').click();
    await page.getByTestId('conversation-row').filter({ hasText: 'Tim Title' }).click();
    await page.getByTestId('message').filter({ hasText: 'count me' }).waitFor();
    await expect.poll(() => page.title()).toBe('Tim Title — snorq');
  });
});
