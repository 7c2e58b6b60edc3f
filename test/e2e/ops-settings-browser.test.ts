import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { provisionChannels } from '../../src/core/channel-accounts/provision-env-channels.ts';
import { buildWebApp, hasChromium } from '../helpers/browser.ts';
import { openBrowser, signInByCookie, type FileBrowser } from '../helpers/browser-fixture.ts';
import { followRequests } from '../helpers/move-in-app.ts';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';
import { metaSignature, whatsappText } from '../helpers/signing.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

/**
 * The operations settings in a browser: the webhook journal shows a webhook no channel claimed once
 * its account is connected here, and replays it; the organisation page saves hours in a time zone and
 * shows an overlap the server refused beside that range; the integrations page subscribes a local
 * receiver, shows the secret once, logs the delivery and sends it again with the same id. An agent
 * cannot open any of them, and all three fit a 375 px phone.
 */
const STRAY = 'PN-OPS-STRAY-1';

describe.skipIf(!hasChromium)('settings: webhook journal, organisation, integrations', () => {
  let s: SandboxedSnorq;
  let browser: FileBrowser;
  let receiver: WebhookReceiver;
  const contexts: BrowserContext[] = [];
  const newPage = async (width = 1280): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    contexts.push(context);
    return context.newPage();
  };
  /**
   * The admin's 1280 px page, opened once and shared by the tests (each signs in on it afresh and
   * loads the page it starts from): a new page is a new renderer process, ~1 s of Chromium's CPU.
   */
  let admin: Promise<Page> | undefined;
  const adminPage = async (): Promise<Page> => {
    const page = await (admin ??= newPage());
    // Signed out first: a sign-in that carries a session cookie must say its Origin (CSRF), which the test's API request does not.
    await page.context().clearCookies();
    return page;
  };
  /** A WhatsApp webhook, signed as the platform signs it, for a phone number id of our choice. */
  const platformPosts = async (phoneNumberId: string, text: string, from = '4915550009999') => {
    const body = JSON.stringify(whatsappText({ phoneNumberId, from, name: 'Ops Customer', id: `wamid.ops.${Math.random().toString(36).slice(2)}`, text, timestamp: Date.now() }));
    const res = await fetch(`${s.snorq.url}/api/v1/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(s.sandbox.secrets.whatsapp!, body) },
      body,
    });
    expect(res.status).toBe(200);
  };

  /** The organisation connects a (second) WhatsApp number. */
  const connect = (phoneNumberId: string) =>
    provisionChannels(
      s.snorq.ctx.db,
      s.snorq.ctx.secretBox,
      s.organizationId,
      [{ platform: 'whatsapp', externalAccountId: phoneNumberId, displayName: `Number ${phoneNumberId}`, credentials: { platform: 'whatsapp', accessToken: 'token-ops-0123456789' } }],
      'env',
    );

  beforeAll(async () => {
    buildWebApp();
    receiver = await startWebhookReceiver();
    // The receiver listens on 127.0.0.1: allowed for this test only, as an operator would for a receiver in their network.
    s = await startSandboxedSnorq({ env: { WEBHOOK_ALLOWED_PRIVATE_NETWORKS: 'loopback' } });
    browser = await openBrowser();
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await s?.close();
    await receiver?.close();
  });

  it('the journal shows an unrouted webhook once its account is connected here, with its reason and body, and replays it', { timeout: 90_000 }, async () => {
    await platformPosts(STRAY, 'hello from a number nobody connected');
    const page = await adminPage();
    await signInByCookie(page, s.snorq.url, undefined, { live: false });
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-nav-journal').click();
    // This snorq has two organisations: a stray webhook is nobody's to see until its account is connected.
    await page.getByTestId('journal-empty').filter({ hasText: 'Nothing needs attention' }).waitFor();

    await connect(STRAY);
    await page.reload();
    const entry = page.getByTestId('journal-entry').filter({ hasText: STRAY });
    await entry
      .getByTestId('journal-entry-reasons')
      .filter({ hasText: `no channel here was connected for the WhatsApp account ${STRAY}` })
      .waitFor();
    expect(await entry.getByTestId('journal-entry-state').textContent()).toBe('Unrouted');
    await entry.getByTestId('journal-entry-toggle').click();
    await entry.getByTestId('journal-entry-body').filter({ hasText: 'hello from a number nobody connected' }).waitFor();
    expect(await entry.getByTestId('journal-entry-truncated').count()).toBe(0);

    await entry.getByTestId('journal-entry-replay').click();
    // The outcome stays in view (the entry now applied), until the page is opened again.
    await entry.getByTestId('journal-entry-outcome').filter({ hasText: 'Replayed: now Applied, 1 item applied.' }).waitFor();
    expect(await entry.getByTestId('journal-entry-state').textContent()).toBe('Applied');
    const found = (await (await s.api('/api/v1/search?q=nobody%20connected')).json()) as { results: { type: string }[] };
    expect(found.results.some((r) => r.type === 'message')).toBe(true);
    await page.reload();
    await page.getByTestId('journal-empty').waitFor();

    // Two more: "replay all" says how many it will replay before it does, then what came of it.
    await platformPosts(`${STRAY}-B`, 'another stray');
    await platformPosts(`${STRAY}-C`, 'a third stray');
    await connect(`${STRAY}-B`);
    await connect(`${STRAY}-C`);
    await page.reload();
    await page.getByTestId('journal-replay-all').filter({ hasText: 'Replay all 2 entries' }).click();
    await page.getByTestId('journal-replay-all-confirm').filter({ hasText: 'Replay all 2 entries that need attention?' }).waitFor();
    await page.getByTestId('journal-replay-all-yes').click();
    await page.getByTestId('journal-replay-all-outcome').filter({ hasText: 'Replayed 2 entries; 2 now applied.' }).waitFor();
    await page.getByTestId('journal-empty').waitFor();

    // Filtered by state, the applied entries are there.
    await page.getByTestId('journal-filter-state').selectOption('processed');
    await page.getByTestId('journal-entry').filter({ hasText: 'Applied' }).first().waitFor();
  });

  it('the organisation page saves hours in a time zone and shows the server’s overlap refusal beside that range', { timeout: 90_000 }, async () => {
    const page = await adminPage();
    await signInByCookie(page, s.snorq.url, undefined, { live: false, path: '/settings/organisation' });
    await page.getByTestId('org-open-now').filter({ hasText: 'Open now' }).waitFor();
    // No hours yet: every day counts as open, and the page says so rather than "Closed".
    expect(await page.getByTestId('org-day-sun').textContent()).toContain('Open all day');

    // Checked before sending: no name, a zone that does not exist.
    await page.getByTestId('org-name').fill('');
    await page.getByTestId('org-timezone').fill('Mars/Olympus');
    await page.getByTestId('org-save').click();
    await page.getByTestId('org-name-error').waitFor();
    await page.getByTestId('org-timezone-error').filter({ hasText: 'Choose a time zone from the list' }).waitFor();

    await page.getByTestId('org-name').fill('Sandbox Support');
    await page.getByTestId('org-timezone').fill('America/New_York');
    await page.getByTestId('org-day-mon-add').click();
    const monday = page.getByTestId('org-day-mon').getByTestId('org-range');
    await monday.nth(0).getByTestId('org-range-start').fill('09:00');
    await monday.nth(0).getByTestId('org-range-end').fill('12:00');
    await page.getByTestId('org-day-mon-add').click();
    await monday.nth(1).getByTestId('org-range-start').fill('11:00');
    await monday.nth(1).getByTestId('org-range-end').fill('14:00');
    await page.getByTestId('org-day-fri-add').click();
    await page.getByTestId('org-holiday-add').click();
    await page.getByTestId('org-holiday-date').fill('2026-12-25');
    await page.getByTestId('org-holiday-name').fill('Christmas Day');
    await page.getByTestId('org-save').click();

    // The server refused the second Monday range; the refusal is beside it, not the first.
    await monday.nth(1).locator('.field__error').filter({ hasText: 'Overlaps 09:00–12:00 on the same day.' }).waitFor();
    expect(await monday.nth(0).locator('.field__error').count()).toBe(0);
    expect(await page.getByTestId('org-saved').count()).toBe(0);

    await monday.nth(1).getByTestId('org-range-start').fill('13:00');
    await monday.nth(1).getByTestId('org-range-end').fill('00:00');
    await page.getByTestId('org-save').click();
    await page.getByTestId('org-saved').waitFor();
    const { organization } = (await (await s.api('/api/v1/organization')).json()) as { organization: { name: string; timeZone: string; businessHours: unknown[]; holidays: unknown[] } };
    expect(organization).toMatchObject({
      name: 'Sandbox Support',
      timeZone: 'America/New_York',
      businessHours: [
        { day: 'mon', start: '09:00', end: '12:00' },
        { day: 'mon', start: '13:00', end: '24:00' },
        { day: 'fri', start: '09:00', end: '17:00' },
      ],
      holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
    });
    const open = (await (await s.api('/api/v1/organization/business-hours/open')).json()) as { open: boolean };
    await page
      .getByTestId('org-open-now')
      .and(page.locator(`[data-open="${open.open}"]`))
      .waitFor();

    // What was saved is what the page shows after a reload.
    await page.reload();
    await page.getByTestId('org-day-mon').getByTestId('org-range').nth(1).waitFor();
    expect(await page.getByTestId('org-timezone').inputValue()).toBe('America/New_York');
    expect(await page.getByTestId('org-day-sun').textContent()).toContain('Closed');
    expect(await page.getByTestId('org-day-mon').textContent()).not.toContain('Closed');
  });

  it('the integrations page subscribes a receiver, shows the secret once, logs a delivery and sends it again with the same id', { timeout: 90_000 }, async () => {
    const page = await adminPage();
    await signInByCookie(page, s.snorq.url, undefined, { live: false, path: '/settings/integrations' });
    await page.getByTestId('subscriptions-empty').waitFor();

    // Checked before sending, then refused by the server beside the URL (a private address).
    await page.getByTestId('new-hook-submit').click();
    await page.getByTestId('new-hook-url-error').filter({ hasText: 'Enter the URL' }).waitFor();
    await page.getByTestId('new-hook-url').fill('http://10.1.2.3/hooks');
    await page.getByTestId('new-hook-submit').click();
    await page.getByTestId('new-hook-url-error').filter({ hasText: 'snorq refused this URL' }).filter({ hasText: 'private network address' }).waitFor();

    await page.getByTestId('new-hook-url').fill(receiver.url);
    await page.getByTestId('new-hook-event-message.status').uncheck();
    await page.getByTestId('new-hook-description').fill('CRM sync');
    await page.getByTestId('new-hook-submit').click();
    await page.getByTestId('new-hook-secret').filter({ hasText: "you won't see it again" }).waitFor();
    const secret = (await page.getByTestId('new-hook-secret-value').textContent())!;
    const ping = await eventually(async () => receiver.received.find((r) => r.type === 'ping'));
    expect(receiver.verify(ping, secret)).toBe(true);
    const row = page.locator(`[data-testid="subscription"][data-url="${receiver.url}"]`);
    await row.getByTestId('subscription-state').filter({ hasText: 'Active' }).waitFor();
    expect(await row.textContent()).not.toContain('message.status');

    // A customer writes: the delivery reaches the receiver and appears in the log.
    await s.simulator.customers.send('whatsapp', { accountId: s.account('whatsapp').accountId, customer: { id: '4917600001111', name: 'Hook Customer' }, text: 'tell the CRM' });
    const first = await eventually(async () => receiver.received.find((r) => r.type === 'message.created'));
    expect(receiver.verify(first, secret)).toBe(true);
    await row.getByTestId('subscription-log-toggle').click();
    const delivery = row.locator(`[data-testid="delivery"][data-event-id="${first.id}"]`);
    await delivery.getByTestId('delivery-state').filter({ hasText: 'Delivered' }).waitFor();
    await row.getByTestId('subscription-last-delivery').filter({ hasText: 'Delivered' }).waitFor();

    // "Send again": the same id reaches the receiver a second time, and the log counts the attempt.
    await delivery.getByTestId('delivery-send-again').click();
    await eventually(async () => receiver.received.filter((r) => r.id === first.id).length === 2);
    await row.locator(`[data-testid="delivery"][data-event-id="${first.id}"][data-attempts="2"][data-state="delivered"]`).waitFor();

    // The secret is not shown again after a reload; deleting asks first.
    await page.reload();
    await row.waitFor();
    expect(await page.getByTestId('new-hook-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);
    await row.getByTestId('subscription-delete').click();
    await row.getByTestId('subscription-delete-yes').click();
    await page.getByTestId('subscriptions-empty').waitFor();
  });

  it('an agent sees none of these pages, and each fits into 375 px without sideways scrolling', { timeout: 90_000 }, async () => {
    const created = await s.api('/api/v1/users', { json: { email: 'ops-agent@sandbox.test', name: 'Ops Agent', role: 'agent', password: 'ops agent password 1' } });
    expect(created.status).toBe(201);
    // The admin's page, the agent signed in on it (cookies cleared by adminPage).
    const agent = await adminPage();
    await signInByCookie(agent, s.snorq.url, { email: 'ops-agent@sandbox.test', password: 'ops agent password 1' }, { live: false, path: '/settings/profile' });
    await agent.getByTestId('settings-nav-profile').waitFor();
    for (const id of ['journal', 'organisation', 'integrations']) {
      expect(await agent.getByTestId(`settings-nav-${id}`).count()).toBe(0);
      await agent.goto(`${s.snorq.url}/settings/${id}`);
      await agent.getByTestId('not-allowed').waitFor();
    }

    // The same page at 375 px (the layout follows the width through CSS alone), moving between the
    // three pages inside the app (move-in-app.ts: ~0.1 s of CPU a page against ~0.5 s for a load).
    const page = await adminPage();
    await page.setViewportSize({ width: 375, height: 800 });
    onTestFinished(() => page.setViewportSize({ width: 1280, height: 800 }));
    const moves = followRequests(page);
    const ready: Record<string, string> = { '/settings/journal': 'journal-replay-all', '/settings/organisation': 'org-week', '/settings/integrations': 'new-hook-form' };
    const [first] = Object.keys(ready);
    await signInByCookie(page, s.snorq.url, undefined, { live: false, path: first });
    for (const [path, testId] of Object.entries(ready)) {
      if (path !== first) await moves.moveTo(path, (p) => p.getByTestId(testId).waitFor());
      await page.getByTestId(testId).waitFor();
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
    }
  });
});
