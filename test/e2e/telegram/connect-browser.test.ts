import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src/simulator/index.ts';
import type { RunningSnorq } from '../../../src/start-snorq.ts';
import { buildWebApp, hasChromium } from '../../helpers/browser.ts';
import { openBrowser, signInByCookie, type FileBrowser } from '../../helpers/browser-fixture.ts';
import { eventually } from '../../helpers/sandboxed-snorq.ts';
import { startTestSnorq } from '../../helpers/test-snorq.ts';
import { BOT_ID, BOT_TOKEN, startTelegramWorld, type TelegramWorld } from '../../integration/telegram/telegram-harness.ts';

/**
 * An admin connects a Telegram bot from Settings → Channels in Chromium, against the simulated Bot
 * API: a token Telegram refuses is said beside the field and nothing is stored; the bot's token
 * connects it (healthy), a customer's message shows in the inbox with Telegram's badge, and the
 * agent's reply reaches the customer.
 */

const ADMIN = { email: 'admin@acme.test', password: 'telegram browser 1' };

describe.skipIf(!hasChromium)('connecting a Telegram bot in the browser', () => {
  let world: TelegramWorld;
  let sim: Simulator;
  let snorq: RunningSnorq;
  let browser: FileBrowser;
  let page: Page;
  const telegramChannels = () => world.database.db.selectFrom('channels').selectAll().where('platform', '=', 'telegram').execute();

  beforeAll(async () => {
    buildWebApp();
    world = await startTelegramWorld();
    sim = world.sim;
    snorq = await startTestSnorq(world.database.url, { ...world.snorqEnv, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    browser = await openBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await snorq?.stop();
    await world?.close();
  });

  it('a token Telegram refuses is said beside the field, and nothing is stored', async () => {
    await signInByCookie(page, snorq.url, ADMIN, { path: '/settings/channels' });
    await page.getByTestId('connect-telegram').click();
    const token = page.getByTestId('connect-field-botToken');
    await token.fill('7123456789:AAwrongwrongwrongwrongwrong');
    await page.getByTestId('connect-form-submit').click();
    const error = page.getByTestId('connect-form-error');
    await expect.poll(() => error.textContent()).toContain('Telegram refused this bot token');
    await expect(token.getAttribute('aria-describedby')).resolves.toBe(await error.getAttribute('id'));
    expect(await telegramChannels()).toEqual([]);
    expect(sim.recorded.list({ platform: 'telegram', path: /setWebhook$/ })).toEqual([]);
  });

  it('the bot token connects it, healthy; a customer writes, the agent answers', async () => {
    await page.getByTestId('connect-field-botToken').fill(BOT_TOKEN);
    await page.getByTestId('connect-form-submit').click();
    await expect.poll(() => page.getByTestId('connect-form-done').textContent()).toContain('@acme_support_bot');
    const row = page.locator('[data-testid="channel-row"][data-platform="telegram"]');
    await expect.poll(() => row.getAttribute('data-health')).toBe('ok');
    await expect(row.locator('.channel__name').textContent()).resolves.toBe('@acme_support_bot');
    expect(sim.recorded.last({ platform: 'telegram', path: /setWebhook$/ })?.body).toMatchObject({ url: `${snorq.url}/api/v1/webhooks/telegram?bot=${BOT_ID}` });

    const asked = await sim.customers.send('telegram', { accountId: BOT_ID, customer: { id: '23', name: 'Sojan Jose' }, text: 'Is my order on its way?' });
    expect(asked.status).toBe(200);
    await page.goto(`${snorq.url}/inbox`);
    const conversation = page.locator('[data-testid="conversation-row"][data-platform="telegram"]');
    await conversation.waitFor();
    // The badge names the platform once the platforms' list is in, which may answer after the conversations.
    await expect.poll(() => conversation.locator('.platform-badge').getAttribute('aria-label')).toBe('Telegram');
    await conversation.click();
    await page.getByTestId('message').getByText('Is my order on its way?').waitFor();
    await page.getByTestId('composer').fill('Yes, it arrives tomorrow.');
    await page.getByTestId('composer').press('Enter');
    const sent = await eventually(async () => sim.recorded.list({ platform: 'telegram', path: /sendMessage$/ }).find((c) => c.status === 200));
    expect(sent.body).toMatchObject({ chat_id: '23', text: 'Yes, it arrives tomorrow.' });
    await eventually(async () => (await world.database.db.selectFrom('messages').select('status').where('content', '=', 'Yes, it arrives tomorrow.').executeTakeFirst())?.status === 'sent');
  });
});
