import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTINGS_PAGES } from '../../web/src/pages/settings/settings-pages.ts';
import { buildWebApp, hasChromium, launchChromium, signIn } from '../helpers/browser.ts';
import { startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * An automated WCAG 2.2 AA check (axe-core, the engine behind Lighthouse's and Playwright's
 * accessibility checks) of every page of the web app, signed in as the sandbox's admin, at a
 * desktop and a phone width, in the light and the dark theme: no serious or critical finding.
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

  it('finds nothing serious in the thread’s dialogs, menus and pickers, opened, at 1280 px light and 390 px dark', { timeout: 240_000 }, async () => {
    expect([...(await checkOpened(1280, 'light')), ...(await checkOpened(390, 'dark'))].join('\n')).toBe('');
  });

  it('finds nothing serious on any page at 1280 px in the light theme', { timeout: 180_000 }, async () => {
    expect((await check(1280, 'light')).join('\n')).toBe('');
  });

  it('finds nothing serious on any page at 390 px in the dark theme', { timeout: 180_000 }, async () => {
    expect((await check(390, 'dark')).join('\n')).toBe('');
  });
});
