import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebApp, hasChromium, signIn } from '../helpers/browser.ts';
import { openBrowser, signInByCookie, type FileBrowser } from '../helpers/browser-fixture.ts';
import { startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * The web app in the user's language: the browser's (Accept-Language) until the user picks one,
 * then theirs from sign-in on; changing it in the picker changes the page at once and stays.
 */

describe.skipIf(!hasChromium)('languages', () => {
  let s: SandboxedSnorq;
  let browser: FileBrowser;
  const contexts: BrowserContext[] = [];
  const newPage = async (locale?: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...(locale && { locale }) });
    contexts.push(context);
    return context.newPage();
  };
  /** The English browser's page, shared by the tests that sign in on it (each afresh). */
  const englishPage = () => browser.sharedPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const setLanguage = (language: string | null) => s.api('/api/v1/me', { method: 'PATCH', json: { language } });

  beforeAll(async () => {
    buildWebApp();
    s = await startSandboxedSnorq();
    browser = await openBrowser();
    await s.simulator.customers.send('whatsapp', { accountId: s.account('whatsapp').accountId, customer: { id: '4917600007001', name: 'Lena Lang' }, text: 'Guten Tag!' });
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await s?.close();
  });

  it('a browser asking for Spanish, and a user who chose nothing, get Spanish', { timeout: 60_000 }, async () => {
    expect((await setLanguage(null)).status).toBe(200);
    const page = await newPage('es-ES');
    await page.goto(`${s.snorq.url}/`);
    await page.getByRole('heading', { name: 'Inicia sesión en tu bandeja de entrada' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    await signIn(page, s.snorq.url);
    await page.getByTestId('nav-inbox').filter({ hasText: 'Bandeja de entrada' }).waitFor();
  });

  it('a user whose language is German sees the app in German, dates the German way', { timeout: 60_000 }, async () => {
    expect((await setLanguage('de')).status).toBe(200);
    // An English browser: the user's choice wins over it.
    const page = await englishPage();
    await signInByCookie(page, s.snorq.url);
    await page.getByTestId('nav-inbox').filter({ hasText: 'Posteingang' }).waitFor();
    await page.getByTestId('nav-contacts').filter({ hasText: 'Kontakte' }).waitFor();
    await page.getByTestId('sign-out').filter({ hasText: 'Abmelden' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    // The unread filter is a choice now: its German option is there (an option is never "visible" on its own).
    await page.getByTestId('filter-unread').locator('option', { hasText: 'Nur ungelesene' }).waitFor({ state: 'attached' });
    await page.getByTestId('conversation-row').filter({ hasText: 'Lena Lang' }).click();
    await page.getByRole('separator').filter({ hasText: 'Heute' }).waitFor();
    // The clock the German way (24 hours, "14:05"), where English would write "02:05 PM"; its title the date as "02.12.2026, 14:05".
    const time = page.getByTestId('message').first().locator('time');
    expect(await time.textContent()).toMatch(/^\d{2}:\d{2}$/);
    expect(await time.getAttribute('title')).toMatch(/^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$/);
  });

  it('switching to Spanish in the picker changes the page without a reload, and it stays after one', { timeout: 60_000 }, async () => {
    expect((await setLanguage('de')).status).toBe(200);
    const page = await englishPage();
    await signInByCookie(page, s.snorq.url);
    await page.getByTestId('nav-inbox').filter({ hasText: 'Posteingang' }).waitFor();
    // A marker on the window: a reload would lose it.
    await page.evaluate('window.stillTheSamePage = true');
    await page.getByTestId('language-picker').selectOption('es');
    await page.getByTestId('nav-inbox').filter({ hasText: 'Bandeja de entrada' }).waitFor();
    expect(await page.evaluate('window.stillTheSamePage')).toBe(true);
    await expect.poll(async () => ((await (await s.api('/api/v1/me')).json()) as { profile: { language: string } }).profile.language).toBe('es');
    await page.reload();
    await page.getByTestId('nav-inbox').filter({ hasText: 'Bandeja de entrada' }).waitFor();
    expect(await page.getByTestId('language-picker').inputValue()).toBe('es');
    expect(await page.getAttribute('html', 'lang')).toBe('es');
  });
  it('the dashboard in German: headings, figures and chart descriptions', { timeout: 60_000 }, async () => {
    expect((await setLanguage('de')).status).toBe(200);
    const page = await englishPage();
    await signInByCookie(page, s.snorq.url);
    await page.getByTestId('nav-dashboard').filter({ hasText: 'Übersicht' }).click();
    await page.getByRole('heading', { name: 'Antwortzentrale' }).waitFor();
    await page.getByTestId('kpi-open').filter({ hasText: 'Offene Unterhaltungen' }).waitFor();
    await page.getByRole('heading', { name: 'Nachrichten pro Tag' }).waitFor();
    await page.getByTestId('sync-button').filter({ hasText: 'Nachrichten abgleichen' }).waitFor();
    // Lena's message is waiting: the chart says so in German ("WhatsApp: 1 wartet").
    expect(await page.getByTestId('waiting-chart').getAttribute('aria-label')).toMatch(/: 1 wartet$/);
    expect(await page.getByTestId('volume-chart').getAttribute('aria-label')).toMatch(/^1 Nachricht in 14 Tagen; meiste am \d{1,2}\. \p{L}+ mit 1\.$/u);
  });

  it('contacts in German: the list, its filters, and the contact page', { timeout: 60_000 }, async () => {
    expect((await setLanguage('de')).status).toBe(200);
    const page = await englishPage();
    await signInByCookie(page, s.snorq.url);
    await page.getByTestId('nav-contacts').filter({ hasText: 'Kontakte' }).click();
    await page.getByRole('heading', { name: 'Kontakte', exact: true }).waitFor();
    expect(await page.getByTestId('contact-search').getAttribute('placeholder')).toBe('Name, Benutzername, Telefon, E-Mail…');
    await page.getByTestId('contact-platform-filter').locator('option', { hasText: 'Alle Plattformen' }).waitFor({ state: 'attached' });
    await page.getByTestId('contact-row').filter({ hasText: 'Lena Lang' }).click();
    await page.getByTestId('contact-page').waitFor();
    await page.getByRole('heading', { name: 'Identitäten' }).waitFor();
    await page.getByRole('heading', { name: 'Notizen' }).waitFor();
    await page.getByTestId('contact-export').filter({ hasText: 'Daten exportieren (JSON)' }).waitFor();
    // A note checked before sending, in German.
    await page.getByRole('button', { name: 'Notiz hinzufügen' }).click();
    await page.getByRole('alert').filter({ hasText: 'Schreiben Sie zuerst etwas' }).waitFor();
    // The timeline's date and time the German way: "02.12.2026, 14:05".
    expect(await page.getByTestId('timeline-item').first().locator('time').textContent()).toMatch(/^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$/);
  });
});
