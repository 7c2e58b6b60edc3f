import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/core/accounts/users.ts';
import { startSimulator, type SimulatorWithOAuth } from '../../src/simulator/index.ts';
import type { RunningSnorq } from '../../src/start-snorq.ts';
import { buildWebApp } from '../helpers/browser.ts';
import { openBrowser, signInByCookie, type FileBrowser } from '../helpers/browser-fixture.ts';
import { freePort } from '../../src/db/free-port.ts';
import { ACCOUNTS, META_APP_ID, PAGE_A } from '../helpers/oauth-harness.ts';
import { createTestDatabase } from '../helpers/test-database.ts';
import { startTestSnorq } from '../helpers/test-snorq.ts';

/**
 * Connecting a Facebook Page as an admin does it, in Chromium: sign in, Settings → Channels,
 * Connect Messenger, "Allow" on the (simulated) Facebook consent page, pick the Page on snorq's
 * picker, and see it connected. A real snorq serves the built web app; the simulator plays Meta.
 */
describe.skipIf(!fs.existsSync('/usr/bin/chromium'))('connecting a Facebook Page in a browser', () => {
  let sim: SimulatorWithOAuth;
  let snorq: RunningSnorq;
  let drop: () => Promise<void>;
  let browser: FileBrowser;
  let page: Page;

  beforeAll(async () => {
    buildWebApp();
    const database = await createTestDatabase();
    drop = database.drop;
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    sim = await startSimulator({
      port: 0,
      webhookBaseUrl: base,
      accounts: ACCOUNTS.filter((a) => a.platform === 'messenger'),
      secrets: { messenger: 'meta-secret-0123456789', instagram: 'ig-secret-0123456789', whatsapp: 'wa-secret-0123456789', tiktok: 'tt-secret-0123456789' },
    });
    snorq = await startTestSnorq(database.url, {
      PORT: String(port),
      PUBLIC_URL: base,
      FACEBOOK_APP_ID: META_APP_ID,
      FACEBOOK_APP_SECRET: 'meta-secret-0123456789',
      META_GRAPH_URL: sim.baseUrls.metaGraph,
      META_OAUTH_URL: sim.baseUrls.metaOauth,
    });
    const org = await database.db.insertInto('organizations').values({ name: 'Browser' }).returning('id').executeTakeFirstOrThrow();
    await createUser(database.db, { organizationId: org.id, email: 'admin@oauth.test', name: 'Admin', role: 'admin', password: 'browser password 1' });
    browser = await openBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await snorq?.stop();
    await sim?.close();
    await drop?.();
  });

  it('signs in, connects a Page through the consent page and the picker, and shows it connected', async () => {
    await signInByCookie(page, snorq.url, { email: 'admin@oauth.test', password: 'browser password 1' }, { live: false });

    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-nav-channels').click();
    await page.waitForURL(/\/settings\/channels/);
    await page.getByTestId('connect-messenger').click();

    // The simulator's Facebook dialog, on another origin.
    await page.waitForURL((url) => url.href.startsWith(sim.baseUrls.metaOauth));
    await page.getByTestId('allow').click();

    // Back at snorq: choose the Page.
    await page.waitForURL(/\/api\/v1\/platforms\/choose\//);
    const boxes = page.getByTestId('choose-account');
    expect(await boxes.count()).toBe(2);
    for (let i = 0; i < 2; i++) {
      const box = boxes.nth(i);
      if ((await box.getAttribute('value')) !== PAGE_A) await box.uncheck();
    }
    await page.screenshot({ path: '.test-data/oauth-picker.png' });
    await page.getByTestId('choose-submit').click();

    await page.waitForURL(/\/settings\/channels\?connected=messenger/);
    await expect(page.getByTestId('connect-result').textContent()).resolves.toContain('Messenger connected.');
    const row = page.locator(`[data-testid="channel-row"][data-platform="messenger"]`);
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('Snorq Coffee');
    expect(await page.locator('[data-testid="channel-row"]').count()).toBe(1);
    expect(sim.oauth.subscription(PAGE_A)).toContain('messages');
    await page.screenshot({ path: '.test-data/oauth-connected.png' });
  });
});
