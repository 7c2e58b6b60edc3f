import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src/simulator/index.ts';
import type { RunningSnorq } from '../../../src/start-snorq.ts';
import { buildWebApp, hasChromium } from '../../helpers/browser.ts';
import { openBrowser, signInByCookie, type FileBrowser } from '../../helpers/browser-fixture.ts';
import { freePort } from '../../../src/db/free-port.ts';
import { eventually } from '../../helpers/sandboxed-snorq.ts';
import { createTestDatabase } from '../../helpers/test-database.ts';
import { startTestSnorq } from '../../helpers/test-snorq.ts';

/**
 * What a newcomer sees after `npm start` on a fresh machine, in Chromium: the demo inbox has a
 * conversation on each of the six sandbox channels, the Telegram ones with Telegram's badge; the
 * Telegram customer's thread shows their question and voice note, and the agent's reply reaches
 * them through the simulated Bot API.
 */

const ADMIN = { email: 'admin@demo.test', password: 'telegram demo 1' };

describe.skipIf(!hasChromium)('the demo inbox of npm start, in the browser', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let snorq: RunningSnorq;
  let sim: Simulator;
  let browser: FileBrowser;
  let page: Page;
  const dataDir = path.resolve('.test-data', `telegram-demo-${randomBytes(4).toString('hex')}`);

  beforeAll(async () => {
    buildWebApp();
    database = await createTestDatabase();
    const port = await freePort();
    snorq = await startTestSnorq(database.url, {
      SIMULATOR: 'auto',
      SIMULATOR_PORT: '0',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: dataDir,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    });
    sim = snorq.mode.running!.simulator;
    browser = await openBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await snorq?.stop();
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists a demo conversation on each of the six sandbox channels, the Telegram ones with their badge', async () => {
    expect(snorq.mode).toMatchObject({ sandbox: true, channels: true, seeded: true });
    await signInByCookie(page, snorq.url, ADMIN);
    const rows = page.getByTestId('conversation-row');
    await expect.poll(async () => new Set(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-platform')))).size).toBe(6);
    const telegram = page.locator('[data-testid="conversation-row"][data-platform="telegram"]');
    await expect.poll(() => telegram.count()).toBe(2);
    // Named once the platforms' list is in, which may answer after the conversations.
    for (const badge of await telegram.locator('.platform-badge').all()) await expect.poll(() => badge.getAttribute('aria-label')).toBe('Telegram');
  });

  it("the Telegram customer's thread shows the question and the voice note; the agent's reply reaches them", async () => {
    await page.locator('[data-testid="conversation-row"][data-platform="telegram"]', { hasText: 'Ingrid Berg' }).click();
    await page.getByTestId('message').getByText('Hi! Do you ship the house blend to Oslo?').waitFor();
    await page.getByTestId('message').locator('audio.media__audio').waitFor();
    await page.getByTestId('composer').fill('We do, in three days.');
    await page.getByTestId('composer').press('Enter');
    const sent = await eventually(async () => sim.recorded.list({ platform: 'telegram', path: /sendMessage$/ }).find((c) => c.status === 200));
    expect(sent.body).toMatchObject({ chat_id: '5087312264', text: 'We do, in three days.' });
    await eventually(async () => (await database.db.selectFrom('messages').select('status').where('content', '=', 'We do, in three days.').executeTakeFirst())?.status === 'sent');
  });
});
