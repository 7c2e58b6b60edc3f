import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTINGS_PAGES } from '../../web/src/pages/settings/settings-pages.ts';
import { buildWebApp, hasChromium, launchChromium, signIn } from '../helpers/browser.ts';
import { startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * An automated WCAG 2.2 AA check (axe-core, the engine behind Lighthouse's and Playwright's
 * accessibility checks) of every page of the web app, signed in as the sandbox's admin, at a
 * desktop and a phone width, each in the light and the dark theme, with the thread's dialogs and the
 * other pages' menus, drawers and in-page steps open: no serious or critical finding.
 * axe finds about half of what WCAG asks; keyboard use and focus are covered by the pages' own
 * browser tests.
 */
const AXE_SOURCE = createRequire(import.meta.url)('axe-core').source as string;
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface Finding {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** The serious and critical findings on the page as it is now, one line each. */
async function seriousFindings(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the app's Content-Security-Policy (script-src 'self')
  // rightly refuses an inline script tag, and the check must not weaken it.
  if (!(await page.evaluate<boolean>("'axe' in window"))) await page.evaluate(AXE_SOURCE);
  const options = JSON.stringify({ runOnly: { type: 'tag', values: WCAG_TAGS }, resultTypes: ['violations'] });
  const violations = await page.evaluate<Finding[]>(`axe.run(document, ${options}).then((r) => r.violations)`);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} — ${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`));
}

describe.skipIf(!hasChromium)('accessibility: axe on every page', () => {
  let s: SandboxedSnorq;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    buildWebApp();
    s = await startSandboxedSnorq();
    // A team's canned response, so that `/` in the composer has a menu to open.
    expect((await s.api('/api/v1/canned-responses', { method: 'POST', json: { shortcut: 'hours', content: 'Hi {{contact.first_name}}, we answer from 8:00 to 20:00.' } })).status).toBe(201);
    // A label, so that the labels page has a row to edit and delete.
    expect((await s.api('/api/v1/labels', { json: { name: 'refund', color: '#b91c1c' } })).status).toBe(201);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await s?.close();
  });

  /** Every address an admin can open, with a customer's thread and contact page among them. */
  async function addresses(width: number): Promise<string[]> {
    const sent = await s.simulator.customers.send('whatsapp', { accountId: s.account('whatsapp').accountId, customer: { id: `49176000${width}`, name: 'Ada Axe' }, text: 'Is my parcel on its way?' });
    expect(sent.status).toBe(200);
    const thread = await s.snorq.ctx.db
      .selectFrom('messages as m')
      .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
      .select(['c.id', 'c.contact_id'])
      .where('m.external_id', '=', sent.externalId!)
      .executeTakeFirstOrThrow();
    return ['/inbox', `/inbox/${thread.id}`, '/dashboard', '/contacts', `/contacts/${thread.contact_id}`, ...SETTINGS_PAGES.map((p) => p.path)];
  }

  async function check(width: number, colorScheme: 'light' | 'dark'): Promise<string[]> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
    contexts.push(context);
    const page = await context.newPage();
    const findings: string[] = [];
    // The sign-in page first, then each page once its requests have settled.
    await page.goto(`${s.snorq.url}/`);
    await page.getByTestId('login-email').waitFor();
    findings.push(...(await seriousFindings(page)).map((f) => `/ (sign-in): ${f}`));
    await signIn(page, s.snorq.url, undefined, { live: false });
    for (const address of await addresses(width)) {
      await page.goto(`${s.snorq.url}${address}`);
      await page.waitForLoadState('networkidle');
      await page.locator('main').first().waitFor();
      findings.push(...(await seriousFindings(page)).map((f) => `${address}: ${f}`));
    }
    return findings;
  }

  /**
   * The thread's dialogs, menus and pickers, each opened as an agent opens it (a click, a key) on a
   * freshly loaded thread, and checked while open: axe sees only what is in the page.
   */
  async function checkOpened(width: number, colorScheme: 'light' | 'dark'): Promise<string[]> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, s.snorq.url, undefined, { live: false });
    const thread = (await addresses(width + 1))[1]!;
    const findings: string[] = [];
    const opened: [string, (p: Page) => Promise<void>, string][] = [
      // The thread opens with the composer focused: `?` there is text, elsewhere the shortcuts.
      ['keyboard shortcuts', async (p) => (await p.evaluate('document.activeElement?.blur()'), await p.keyboard.press('?')), 'shortcuts-dialog'],
      // On a phone the conversation's controls are behind "Manage".
      ['snooze', async (p) => ((await p.getByTestId('toggle-controls').isVisible()) && (await p.getByTestId('toggle-controls').click()), await p.getByTestId('snooze-button').click()), 'snooze-panel'],
      ['reactions', (p) => p.getByTestId('react-button').first().click(), 'reaction-menu'],
      ['emoji', (p) => p.getByTestId('emoji-button').click(), 'emoji-picker'],
      ['templates', (p) => p.getByTestId('template-button').click(), 'template-picker'],
      ['canned responses', (p) => p.getByTestId('composer-area').pressSequentially('/'), 'canned-menu'],
      ['forward', (p) => p.getByTestId('forward-button').first().click(), 'forward-dialog'],
    ];
    for (const [name, open, testId] of opened) {
      await page.goto(`${s.snorq.url}${thread}`);
      await page.getByTestId('message').first().waitFor();
      await page.waitForLoadState('networkidle');
      await open(page);
      await page.getByTestId(testId).waitFor();
      findings.push(...(await seriousFindings(page)).map((f) => `${thread} with ${name} open: ${f}`));
    }
    return findings;
  }

  /**
   * What opens elsewhere than the thread, each on a freshly loaded page: the bulk bar once a row is
   * ticked, the presence menu, the contact drawer and the conversation's controls on a phone, the
   * contact page's erase step, a label's edit form and delete question.
   */
  async function checkStates(width: number, colorScheme: 'light' | 'dark'): Promise<string[]> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, s.snorq.url, undefined, { live: false });
    const [, thread, , , contact] = await addresses(width + 2);
    const phone = width < 768;
    const states: [string, string, (p: Page) => Promise<unknown>][] = [
      ['the bulk bar', '/inbox', async (p) => (await p.getByTestId('select-conversation').first().click(), await p.getByTestId('selection-count').waitFor())],
      ['the presence menu', '/inbox', async (p) => (await p.getByTestId('presence-menu').click(), await p.getByRole('menu').waitFor())],
      ['a label’s edit form and delete question', '/settings/labels', async (p) => (await p.getByTestId('label-edit').first().click(), await p.getByTestId('label-delete').first().click())],
      ['the erase step', contact!, async (p) => (await p.getByTestId('erase-start').click(), await p.getByTestId('erase-confirm').waitFor())],
      ...(phone
        ? ([
            ['the contact drawer', thread!, async (p) => (await p.getByTestId('toggle-contact').click(), await p.getByTestId('contact-panel').waitFor())],
            ['the conversation’s controls', thread!, async (p) => (await p.getByTestId('toggle-controls').click(), await p.getByTestId('assignee-select').waitFor())],
          ] satisfies [string, string, (p: Page) => Promise<unknown>][])
        : []),
    ];
    const findings: string[] = [];
    for (const [name, address, open] of states) {
      await page.goto(`${s.snorq.url}${address}`);
      await page.locator('main').first().waitFor();
      await page.waitForLoadState('networkidle');
      await open(page);
      findings.push(...(await seriousFindings(page)).map((f) => `${address} with ${name}: ${f}`));
    }
    return findings;
  }

  it('finds nothing serious with the bulk bar, menus, drawers and in-page steps open, at 1280 px dark and 390 px light', { timeout: 300_000 }, async () => {
    expect([...(await checkStates(1280, 'dark')), ...(await checkStates(390, 'light'))].join('\n')).toBe('');
  });

  it('finds nothing serious on any page at 1280 px in the dark theme and 390 px in the light theme', { timeout: 600_000 }, async () => {
    expect([...(await check(1280, 'dark')), ...(await check(390, 'light'))].join('\n')).toBe('');
  });

  it('finds nothing serious in the thread’s dialogs, menus and pickers, opened, at 1280 px light and 390 px dark', { timeout: 240_000 }, async () => {
    expect([...(await checkOpened(1280, 'light')), ...(await checkOpened(390, 'dark'))].join('\n')).toBe('');
  });

  it('finds nothing serious on any page at 1280 px in the light theme', { timeout: 300_000 }, async () => {
    expect((await check(1280, 'light')).join('\n')).toBe('');
  });

  it('finds nothing serious on any page at 390 px in the dark theme', { timeout: 300_000 }, async () => {
    expect((await check(390, 'dark')).join('\n')).toBe('');
  });
});
