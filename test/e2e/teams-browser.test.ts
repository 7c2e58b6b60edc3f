import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { buildWebApp, hasChromium } from '../helpers/browser.ts';
import { openBrowser, signInByCookie, type FileBrowser } from '../helpers/browser-fixture.ts';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * Settings → Teams in a browser: an admin creates a team (a taken name is refused beside the
 * field), adds a member, routes a channel to it, and the next customer's conversation belongs to
 * the team, waiting for a free agent (nobody is online) as the card says; the page fits a 375 px
 * phone in English and German without scrolling sideways.
 */
type TeamJson = { id: number; name: string; memberIds: number[]; channelIds: number[]; waiting: number };

describe.skipIf(!hasChromium)('settings: teams', () => {
  let s: SandboxedSnorq;
  let browser: FileBrowser;
  let anaId: number;
  const contexts: BrowserContext[] = [];
  const newPage = async (width: number, locale?: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width, height: 800 }, ...(locale && { locale }) });
    contexts.push(context);
    return context.newPage();
  };
  /**
   * The admin's 1280 px page, shared by the tests (each signs in afresh on it and loads its page;
   * the phone test resizes it for English: the layout follows the width through CSS alone): a new
   * page is a new renderer process, ~1 s of Chromium's CPU.
   */
  const adminPage = () => browser.sharedPage({ viewport: { width: 1280, height: 800 } });
  const teams = async () => ((await (await s.api('/api/v1/teams')).json()) as { teams: TeamJson[] }).teams;

  beforeAll(async () => {
    buildWebApp();
    s = await startSandboxedSnorq();
    const agent = await s.api('/api/v1/users', { json: { email: 'ana@example.test', password: 'agent password 1', name: 'Ana Agent', role: 'agent' } });
    expect(agent.status).toBe(201);
    anaId = ((await agent.json()) as { user: { id: number } }).user.id;
    browser = await openBrowser();
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await s?.close();
  });

  it('an admin creates a team, adds a member and routes a channel to it', { timeout: 90_000 }, async () => {
    const page = await adminPage();
    await signInByCookie(page, s.snorq.url, undefined, { live: false, path: '/settings/teams' });
    await page.getByTestId('teams-empty').waitFor();
    await page.getByTestId('new-team-submit').click();
    await page.getByTestId('new-team-name-error').filter({ hasText: 'Give the team a name.' }).waitFor();
    await page.getByTestId('new-team-name').fill('Support');
    await page.getByTestId('new-team-submit').click();
    const id = await eventually(async () => (await teams()).find((x) => x.name === 'Support')?.id);
    const card = page.getByTestId(`team-${id}`);
    await card.waitFor();
    // The same name again is refused beside the field.
    await page.getByTestId('new-team-name').fill('support');
    await page.getByTestId('new-team-submit').click();
    await page.getByTestId('new-team-name-error').filter({ hasText: 'There is already a team named support.' }).waitFor();

    await card.getByTestId(`team-${id}-members`).getByLabel('Ana Agent').check();
    const channel = s.account('whatsapp');
    const channels = card.getByTestId(`team-${id}-channels`).getByRole('checkbox');
    expect(await channels.count()).toBeGreaterThan(0);
    const whatsappChannel = ((await (await s.api('/api/v1/channels')).json()) as { channels: { id: number; name: string; platform: string }[] }).channels.find((c) => c.platform === 'whatsapp')!;
    await card.getByTestId(`team-${id}-channels`).getByLabel(whatsappChannel.name).check();
    await card.getByTestId(`team-${id}-cap`).fill('x');
    await card.getByTestId(`team-${id}-save`).click();
    await card.getByTestId(`team-${id}-maxOpenPerAgent-error`).waitFor();
    await card.getByTestId(`team-${id}-cap`).fill('5');
    await card.getByTestId(`team-${id}-save`).click();
    await card.getByTestId(`team-${id}-saved`).waitFor();
    expect((await teams()).find((x) => x.id === id)).toMatchObject({ memberIds: [anaId], channelIds: [whatsappChannel.id] });

    // A new customer's conversation now belongs to the team; nobody is online, so it waits.
    await s.simulator.customers.send('whatsapp', { accountId: channel.accountId, customer: { id: '4917600007701', name: 'Routed Customer' }, text: 'Hello team', timestamp: Date.now() });
    await eventually(async () => ((await teams()).find((x) => x.id === id)?.waiting === 1 ? true : undefined));
    await page.reload();
    await card.getByTestId(`team-${id}-waiting`).filter({ hasText: '1 conversation waits for a free agent' }).waitFor();
  });

  it("an admin chooses a channel's team on the channel's own page; the team's card shows it, and \"No team\" clears it", { timeout: 90_000 }, async () => {
    const support = (await teams()).find((x) => x.name === 'Support') ?? ((await (await s.api('/api/v1/teams', { json: { name: 'Support' } })).json()) as { team: TeamJson }).team;
    const messenger = ((await (await s.api('/api/v1/channels')).json()) as { channels: { id: number; platform: string; name: string }[] }).channels.find((c) => c.platform === 'messenger')!;
    const page = await adminPage();
    await signInByCookie(page, s.snorq.url, undefined, { live: false, path: '/settings/channels' });
    const select = page.locator(`[data-testid="channel-row"][data-channel-id="${messenger.id}"]`).getByTestId('channel-team');
    await expect.poll(() => select.locator('option').count()).toBeGreaterThan(1);
    await select.selectOption({ label: 'Support' });
    await page.locator(`[data-testid="channel-row"][data-channel-id="${messenger.id}"]`).getByTestId('channel-team-saved').waitFor();
    expect((await teams()).find((x) => x.id === support.id)?.channelIds).toContain(messenger.id);

    // The team's own card says the same.
    await page.goto(`${s.snorq.url}/settings/teams`);
    await expect.poll(() => page.getByTestId(`team-${support.id}-channels`).getByLabel(messenger.name).isChecked()).toBe(true);

    await page.goto(`${s.snorq.url}/settings/channels`);
    await expect.poll(() => select.inputValue()).toBe(String(support.id));
    await select.selectOption({ label: 'No team' });
    await page.locator(`[data-testid="channel-row"][data-channel-id="${messenger.id}"]`).getByTestId('channel-team-saved').waitFor();
    expect((await teams()).find((x) => x.id === support.id)?.channelIds).not.toContain(messenger.id);
  });

  it('fits a 375 px phone in English and German', { timeout: 60_000 }, async () => {
    for (const locale of ['en-US', 'de-DE']) {
      // A context's locale cannot change: German is a page of its own.
      const page = locale === 'en-US' ? await adminPage() : await newPage(375, locale);
      if (locale === 'en-US') {
        await page.setViewportSize({ width: 375, height: 800 });
        onTestFinished(() => page.setViewportSize({ width: 1280, height: 800 }));
      }
      await signInByCookie(page, s.snorq.url, undefined, { live: false, path: '/settings/teams' });
      await page.getByTestId('targets-form').waitFor();
      await page.locator('[data-testid^="team-"][data-testid$="-save"]').first().waitFor();
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      const wide = await page.evaluate<string[]>(
        `[...document.querySelectorAll('main *')].filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 4).map((el) => el.tagName + '.' + el.className)`,
      );
      expect({ locale, overflow, wide }).toEqual({ locale, overflow: 0, wide: [] });
      if (locale === 'de-DE') await page.getByRole('heading', { name: 'Antwortziele nach Priorität' }).waitFor();
    }
  });
});
