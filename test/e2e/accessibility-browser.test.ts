import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTINGS_PAGES } from '../../web/src/pages/settings/settings-pages.ts';
import { hasChromium } from '../helpers/browser.ts';
import { signInByCookie, startBrowserSandbox, type FileBrowser } from '../helpers/browser-fixture.ts';
import { followRequests, TWO_FRAMES, type InAppMoves } from '../helpers/move-in-app.ts';
import type { SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * An automated WCAG 2.2 AA check (axe-core, the engine behind Lighthouse's and Playwright's
 * accessibility checks) of every page of the web app, signed in as the sandbox's admin, at a
 * desktop and a phone width, each in the light and the dark theme, with the thread's dialogs and the
 * other pages' menus, drawers and in-page steps open: no serious or critical finding.
 * axe finds about half of what WCAG asks; keyboard use and focus are covered by the pages' own
 * browser tests.
 *
 * How it stays fast (it took 153 s when each width and theme signed in through the form,
 * loaded every page again and sent axe into each): one page signed in once by cookie, with axe
 * loaded by an init script; the app is loaded once and moved between its pages inside the app, as
 * its own links do (a full load of the app cost ~0.5 s of CPU, mostly Chromium's; a move inside
 * it ~0.1 s), each page checked once its requests are answered and drawn; each page is checked at
 * one width, then resized in place to the other (the layout follows the width through CSS alone);
 * at each width it is checked with every WCAG rule in one theme, then switched to the other theme
 * in place and re-checked with the rules that read colours. A page with something opened is first
 * left (Escape, then another page) and opened again, so that it starts as an agent finds it. The
 * dark theme is only colours (web/src/styles/dark.css, a `prefers-color-scheme` block; the first
 * test keeps it so): what a theme changes is what the colour rules see, and everything else axe
 * checks is the same in both. The sign-in page has a context of its own, resized for its second width.
 */
const AXE_SOURCE = createRequire(import.meta.url)('axe-core').source as string;
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
/** The WCAG A/AA rules whose answer depends on the colours: what the other theme re-checks. */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

type Theme = 'light' | 'dark';
/** A width, the theme checked there with every rule, and the other theme (its colours re-checked). */
type Pass = { width: number; full: Theme; colours: Theme };

interface Finding {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** The serious and critical findings on the page as it is now, one line each; `rules` limits the check to those rules. */
async function seriousFindings(page: Page, rules?: readonly string[]): Promise<string[]> {
  // Evaluated through the DevTools protocol: the app's Content-Security-Policy (script-src 'self')
  // rightly refuses an inline script tag, and the check must not weaken it.
  if (!(await page.evaluate<boolean>("'axe' in window"))) await page.evaluate(AXE_SOURCE);
  const runOnly = rules ? { type: 'rule', values: rules } : { type: 'tag', values: WCAG_TAGS };
  const options = JSON.stringify({ runOnly, resultTypes: ['violations'] });
  const violations = await page.evaluate<Finding[]>(`axe.run(document, ${options}).then((r) => r.violations)`);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} — ${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`));
}

/** The page as it is now, in `pass.full` with every rule and in `pass.colours` with the colour rules; the theme is left at `pass.full`. */
async function checkBothThemes(page: Page, pass: Pass, where: string): Promise<string[]> {
  await page.emulateMedia({ colorScheme: pass.full });
  const findings = (await seriousFindings(page)).map((f) => `${where} at ${pass.width} px ${pass.full}: ${f}`);
  await page.emulateMedia({ colorScheme: pass.colours });
  findings.push(...(await seriousFindings(page, COLOUR_RULES)).map((f) => `${where} at ${pass.width} px ${pass.colours}: ${f}`));
  await page.emulateMedia({ colorScheme: pass.full });
  return findings;
}

/** The web app's files whose names match `name`, with their text. */
function sourceFiles(dir: string, name: RegExp): { file: string; text: string }[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(file, name);
    return name.test(e.name) ? [{ file, text: fs.readFileSync(file, 'utf8') }] : [];
  });
}

describe.skipIf(!hasChromium)('accessibility: axe on every page', () => {
  let s: SandboxedSnorq;
  let browser: FileBrowser;
  let page: Page;
  // The thread's and the contact's addresses, known once the customer has written.
  const THREAD = '/inbox/:thread';
  const CONTACT = '/contacts/:contact';
  const at: Record<string, string> = {};

  let moves: InAppMoves;

  beforeAll(async () => {
    ({ s, browser } = await startBrowserSandbox());
    // A team's canned response, so that `/` in the composer has a menu to open.
    expect((await s.api('/api/v1/canned-responses', { method: 'POST', json: { shortcut: 'hours', content: 'Hi {{contact.first_name}}, we answer from 8:00 to 20:00.' } })).status).toBe(201);
    // A label, so that the labels page has a row to edit and delete.
    expect((await s.api('/api/v1/labels', { json: { name: 'refund', color: '#b91c1c' } })).status).toBe(201);
    // A customer's thread and contact page among the addresses.
    const sent = await s.simulator.customers.send('whatsapp', { accountId: s.account('whatsapp').accountId, customer: { id: '491760001280', name: 'Ada Axe' }, text: 'Is my parcel on its way?' });
    expect(sent.status).toBe(200);
    const thread = await s.snorq.ctx.db
      .selectFrom('messages as m')
      .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
      .select(['c.id', 'c.contact_id'])
      .where('m.external_id', '=', sent.externalId!)
      .executeTakeFirstOrThrow();
    at[THREAD] = `/inbox/${thread.id}`;
    at[CONTACT] = `/contacts/${thread.contact_id}`;
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    moves = followRequests(page);
    // axe in the document before the app's scripts: sending and compiling its 500 kB after a
    // load took longer than the check itself (2–10 s a page under load).
    await page.context().addInitScript({ content: AXE_SOURCE });
    await signInByCookie(page, s.snorq.url, undefined, { live: false });
    await moves.settled();
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  const pathOf = (url: string) => new URL(url).pathname;

  /** Moves the app to `a` (an address or one of THREAD, CONTACT) inside the app. */
  const moveTo = (a: string, ready?: (p: Page) => Promise<unknown>) => moves.moveTo(at[a] ?? a, ready);

  /**
   * `a` at `width`: when the page is still on `a` (the same page's test at the other width just
   * ran, and opened nothing), it is resized in place, since the app's layout follows the width
   * through CSS alone (no script reads it); else the app moves there.
   */
  async function show(width: number, a: string): Promise<void> {
    await page.setViewportSize({ width, height: 900 });
    if (pathOf(page.url()) !== (at[a] ?? a)) return moveTo(a);
    // What a resize sets off (a virtual list measuring its rows anew) is drawn within two frames.
    await page.evaluate(TWO_FRAMES);
    await moves.settled();
  }

  /**
   * `a` at `width` as an agent finds it, with nothing open: whatever the last test opened is closed
   * (Escape for the menus of the app's frame; leaving the page unmounts the page's own), then the
   * app moves to `a`.
   */
  async function fresh(width: number, a: string, ready?: (p: Page) => Promise<unknown>): Promise<void> {
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width, height: 900 });
    const away = (at[a] ?? a) === '/settings/profile' ? '/settings/channels' : '/settings/profile';
    if (pathOf(page.url()) !== away) await moveTo(away);
    await moveTo(a, ready);
  }

  it('keeps the dark theme to colours, so that a theme changes only what the colour rules check', () => {
    // The reasoning above holds only while the other theme is colours: a layout, size or content
    // that differs by theme must be checked with every rule in both (then widen COLOUR_RULES' use).
    const colourProperty = /^(--[\w-]+|color|background(-color)?|border(-\w+)?-color|color-scheme|fill|stroke|outline-color|box-shadow)$/;
    const offenders = sourceFiles(path.join(import.meta.dirname, '../../web/src'), /\.css$/).flatMap(({ file, text }) =>
      [...text.matchAll(/@media[^{]*prefers-color-scheme[^{]*\{((?:[^{}]*\{[^{}]*\})*)[^{}]*\}/g)].flatMap((m) =>
        [...m[1]!.matchAll(/([\w-]+)\s*:[^;{}]*;/g)]
          .map((d) => d[1]!)
          .filter((p) => !colourProperty.test(p))
          .map((p) => `${path.basename(file)}: ${p}`),
      ),
    );
    expect(offenders).toEqual([]);
    // No script reads the theme (it could draw different content per theme).
    expect(
      sourceFiles(path.join(import.meta.dirname, '../../web/src'), /\.tsx?$/)
        .filter((f) => /prefers-color-scheme/.test(f.text))
        .map((f) => f.file),
    ).toEqual([]);
  });

  const PAGE_PASSES: Pass[] = [
    { width: 1280, full: 'dark', colours: 'light' },
    { width: 390, full: 'light', colours: 'dark' },
  ];
  /** Each item once for each of its passes: one test per width, so that each is short. */
  const perWidth = <T extends object>(items: T[], passes: (item: T) => Pass[]): (T & { width: number; pass: Pass })[] =>
    items.flatMap((item) => passes(item).map((pass) => ({ ...item, width: pass.width, pass })));

  /** The sign-in page, in a context of its own (no session), loaded once and resized for its second width; closed with the file's browser. */
  let signedOut: Page | undefined;
  it.each(perWidth([{}], () => PAGE_PASSES))('finds nothing serious on the sign-in page at $width px, light and dark', async ({ width, pass }) => {
    if (!signedOut) {
      signedOut = await browser.newPage({ viewport: { width, height: 900 } });
      await signedOut.context().addInitScript({ content: AXE_SOURCE });
      await signedOut.goto(`${s.snorq.url}/`);
      await signedOut.getByTestId('login-email').waitFor();
      await signedOut.waitForLoadState('networkidle');
    } else {
      await signedOut.setViewportSize({ width, height: 900 });
      await signedOut.evaluate(TWO_FRAMES);
    }
    expect((await checkBothThemes(signedOut, pass, '/ (sign-in)')).join('\n')).toBe('');
  });

  // Every address an admin can open, with a customer's thread and contact page among them.
  const pages = ['/inbox', THREAD, '/dashboard', '/contacts', CONTACT, ...SETTINGS_PAGES.map((p) => p.path)];
  it.each(
    perWidth(
      pages.map((a) => ({ a })),
      () => PAGE_PASSES,
    ),
  )('finds nothing serious on $a at $width px, light and dark', async ({ a, pass }) => {
    await show(pass.width, a);
    expect((await checkBothThemes(page, pass, a)).join('\n')).toBe('');
  });

  /**
   * The thread's dialogs, menus and pickers, each opened as an agent opens it (a click, a key) on a
   * freshly loaded thread, and checked while open: axe sees only what is in the page.
   */
  const opened = (
    [
      // The thread opens with the composer focused: `?` there is text, elsewhere the shortcuts.
      ['keyboard shortcuts', async (p) => (await p.evaluate('document.activeElement?.blur()'), await p.keyboard.press('?')), 'shortcuts-dialog'],
      // On a phone the conversation's controls are behind "Manage".
      ['snooze', async (p) => ((await p.getByTestId('toggle-controls').isVisible()) && (await p.getByTestId('toggle-controls').click()), await p.getByTestId('snooze-button').click()), 'snooze-panel'],
      ['reactions', (p) => p.getByTestId('react-button').first().click(), 'reaction-menu'],
      ['emoji', (p) => p.getByTestId('emoji-button').click(), 'emoji-picker'],
      ['templates', (p) => p.getByTestId('template-button').click(), 'template-picker'],
      ['canned responses', (p) => p.getByTestId('composer-area').pressSequentially('/'), 'canned-menu'],
      ['forward', (p) => p.getByTestId('forward-button').first().click(), 'forward-dialog'],
    ] satisfies [string, (p: Page) => Promise<void>, string][]
  ).map(([name, open, testId]) => ({ name, open, testId }));
  const OPENED_PASSES: Pass[] = [
    { width: 1280, full: 'light', colours: 'dark' },
    { width: 390, full: 'dark', colours: 'light' },
  ];
  it.each(perWidth(opened, () => OPENED_PASSES))('finds nothing serious in the thread with $name open at $width px, light and dark', async ({ name, open, testId, pass }) => {
    await fresh(pass.width, THREAD, (p) => p.getByTestId('message').first().waitFor());
    await open(page);
    await page.getByTestId(testId).waitFor();
    expect((await checkBothThemes(page, pass, `${THREAD} with ${name} open`)).join('\n')).toBe('');
  });

  /**
   * What opens elsewhere than the thread, each on a page opened afresh: the bulk bar once a row is
   * ticked, the presence menu, the contact drawer and the conversation's controls on a phone, the
   * contact page's erase step, a label's edit form and delete question.
   */
  const STATE_PASSES: Pass[] = [
    { width: 1280, full: 'dark', colours: 'light' },
    { width: 390, full: 'light', colours: 'dark' },
  ];
  const states = (
    [
      ['the bulk bar', '/inbox', async (p) => (await p.getByTestId('select-conversation').first().click(), await p.getByTestId('selection-count').waitFor())],
      ['the presence menu', '/inbox', async (p) => (await p.getByTestId('presence-menu').click(), await p.getByRole('menu').waitFor())],
      ['a label’s edit form and delete question', '/settings/labels', async (p) => (await p.getByTestId('label-edit').first().click(), await p.getByTestId('label-delete').first().click())],
      ['the erase step', CONTACT, async (p) => (await p.getByTestId('erase-start').click(), await p.getByTestId('erase-confirm').waitFor())],
      ['the contact drawer', THREAD, async (p) => (await p.getByTestId('toggle-contact').click(), await p.getByTestId('contact-panel').waitFor())],
      ['the conversation’s controls', THREAD, async (p) => (await p.getByTestId('toggle-controls').click(), await p.getByTestId('assignee-select').waitFor())],
    ] satisfies [string, string, (p: Page) => Promise<unknown>][]
  ).map(([name, a, open]) => ({ name, a, open }));
  // The contact drawer and the conversation's controls are drawers on a phone only: the desktop shows them beside the thread.
  const phoneOnly = (a: string) => a === THREAD;
  it.each(perWidth(states, ({ a }) => (phoneOnly(a) ? [STATE_PASSES[1]!] : STATE_PASSES)))(
    'finds nothing serious with $name open ($a) at $width px, light and dark',
    async ({ name, a, open, pass }) => {
      await fresh(pass.width, a);
      await open(page);
      expect((await checkBothThemes(page, pass, `${a} with ${name}`)).join('\n')).toBe('');
    },
  );
});
