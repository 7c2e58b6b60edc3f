import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebApp, hasChromium } from '../helpers/browser.ts';
import { openBrowser, signInByCookie, type FileBrowser } from '../helpers/browser-fixture.ts';
import { startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * Texts the server writes, read in German: a sync note, a channel's health warning, a field's
 * refusal, a failed reply's class and automation's own refusal travel as codes
 * (src/contract/server-texts.ts) and are shown in the agent's language.
 */

describe.skipIf(!hasChromium)('server texts in the agent’s language', () => {
  let s: SandboxedSnorq;
  let browser: FileBrowser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    buildWebApp();
    s = await startSandboxedSnorq();
    browser = await openBrowser();
    expect((await s.api('/api/v1/me', { method: 'PATCH', json: { language: 'de' } })).status).toBe(200);
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    page = await context.newPage();
    await signInByCookie(page, s.snorq.url);
    await page.getByTestId('nav-inbox').filter({ hasText: 'Posteingang' }).waitFor();
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await s?.close();
  });

  it('shows a sync note in German', { timeout: 60_000 }, async () => {
    await page.goto(`${s.snorq.url}/dashboard`);
    await page.getByTestId('sync-button').click();
    const whatsapp = page.getByTestId('sync-row').filter({ hasText: 'WhatsApp' });
    await whatsapp.filter({ hasText: 'WhatsApp bietet keinen Verlauf, den snorq lesen kann; Nachrichten kommen nur per Webhook.' }).waitFor();
  });

  it('shows a channel’s health warning in German', { timeout: 60_000 }, async () => {
    const { channels } = (await (await s.api('/api/v1/channels')).json()) as { channels: { id: number; platform: string }[] };
    const channel = channels.find((c) => c.platform === 'whatsapp')!;
    expect((await s.api(`/api/v1/channels/${channel.id}`, { method: 'DELETE' })).status).toBe(200);
    await page.goto(`${s.snorq.url}/settings/channels`);
    const row = page.locator(`[data-testid="channel-row"][data-channel-id="${channel.id}"]`);
    await row.locator('.channel__warnings li', { hasText: 'Getrennt: Es werden keine Nachrichten empfangen oder gesendet' }).waitFor();
  });

  it('shows a field’s refusal in German beside the field', { timeout: 60_000 }, async () => {
    await page.goto(`${s.snorq.url}/settings/profile`);
    await page.getByTestId('profile-currentPassword').fill('not my password');
    await page.getByTestId('profile-newPassword').fill('a brand new password 1');
    await page.getByTestId('profile-repeat').fill('a brand new password 1');
    await page.getByTestId('profile-password-submit').click();
    await page.locator('#profile-currentPassword-error', { hasText: 'Das aktuelle Passwort ist nicht richtig.' }).waitFor();
  });

  it('shows a failed reply’s class in German (Twilio 30007, filtered), Twilio’s words beside it', { timeout: 60_000 }, async () => {
    const sent = await s.simulator.customers.send('twilio', { accountId: s.account('twilio').accountId, customer: { id: '+14155559001', name: 'Filtered' }, text: 'hallo' });
    const { conversation_id: conversationId } = await s.snorq.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', sent.externalId!).executeTakeFirstOrThrow();
    await s.snorq.ctx.profiles?.idle();
    s.simulator.faults.set({ platform: 'twilio', kind: 'platform_error', code: '30007' });
    const res = await s.api('/api/messages', { json: { conversationId, content: 'eine Antwort, die gefiltert wird' } });
    const { message } = (await res.json()) as { message: { id: number } };
    await page.goto(`${s.snorq.url}/inbox/${conversationId}`);
    const bubble = page.locator(`[data-testid="message"][data-message-id="${message.id}"]`);
    await bubble.getByTestId('failure-text').filter({ hasText: 'Der Netzbetreiber oder die Plattform hat diese Nachricht herausgefiltert und nicht zugestellt.' }).waitFor();
    await bubble.getByTestId('failure-evidence').filter({ hasText: '30007' }).waitFor();
  });

  it('shows automation’s own refusal in German beside its field', { timeout: 60_000 }, async () => {
    await page.goto(`${s.snorq.url}/settings/automation`);
    await page.getByTestId('greeting-enabled').check();
    await page.getByTestId('greeting-text').fill('');
    await page.getByTestId('auto-replies-form').locator('button[type="submit"]').click();
    await page.locator('#greeting-error', { hasText: 'Geben Sie der Begrüßung einen Text, bevor Sie sie einschalten.' }).waitFor();
  });

  it('shows an outgoing webhook’s URL refusal (webhook.*) in German on the integrations page', { timeout: 60_000 }, async () => {
    await page.goto(`${s.snorq.url}/settings/integrations`);
    await page.getByTestId('new-hook-url').fill('https://127.0.0.1/hook');
    await page.locator('.hook-events input[type="checkbox"]').first().check();
    await page.getByTestId('new-hook-submit').click();
    await page.locator('#new-hook-url-error', { hasText: 'ist eine Loopback-Adresse; snorq sendet Webhooks nur an öffentliche Adressen' }).waitFor();
  });
});
