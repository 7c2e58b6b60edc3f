import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTINGS_PAGES } from '../../web/src/pages/settings/settings-pages.ts';
import { buildWebApp, hasChromium } from '../helpers/browser.ts';
import { openBrowser, signInByCookie, type FileBrowser } from '../helpers/browser-fixture.ts';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';
import { followRequests, type InAppMoves } from '../helpers/move-in-app.ts';
import type { PageGlobals } from '../helpers/page-globals.ts';

/**
 * Touch targets on a 375 px phone (WCAG 2.2 AA 2.5.8, issue 19 item 7): every control on every
 * page is at least 24 × 24 px, and the main actions of the inbox at least 44 × 44 px (the size
 * phone makers ask for): the row itself, back, resolve, manage, contact, assign, the composer's
 * tools and send. Offenders are listed by name and size, so a failure says what to mend.
 */
const MIN = 24;
const MAIN = 44;

/** The main actions of the inbox on a phone, by test id. */
const MAIN_ACTIONS = [
  'conversation-row',
  'thread-back',
  'resolve-next',
  'toggle-controls',
  'toggle-contact',
  'assign-me',
  'attach-button',
  'emoji-button',
  'note-toggle',
  'template-button',
  'voice-record',
  'send-button',
];

interface Target {
  name: string;
  width: number;
  height: number;
}

/**
 * Every control the agent can tap, visible now, with its size: the box of the control, or of its
 * label where the label is what is tapped (a checkbox or radio inside its label). Links inside a
 * sentence are left out, as WCAG leaves them out (their size is the text's).
 */
function targets(page: Page): Promise<Target[]> {
  return page.evaluate(() => {
    const { document, getComputedStyle } = globalThis as unknown as PageGlobals;
    const selector = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"], [role="radio"], [role="tab"], [tabindex="0"]';
    const out: { name: string; width: number; height: number }[] = [];
    for (const el of document.querySelectorAll(selector)) {
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || style.visibility === 'hidden' || el.closest('[inert], [aria-hidden="true"]')) continue;
      // Visually hidden (a file input behind its button): not a target.
      if (box.width <= 1 || box.height <= 1) continue;
      if (el.tagName === 'A' && style.display === 'inline' && el.parentElement && (el.parentElement.textContent ?? '').trim() !== (el.textContent ?? '').trim()) continue;
      const label = (el.tagName === 'INPUT' && ['checkbox', 'radio'].includes(el.type ?? '') && el.closest('label')) || null;
      const r = (label ?? el).getBoundingClientRect();
      const name = el.dataset['testid'] ?? el.getAttribute('aria-label') ?? (el.textContent?.trim() || el.getAttribute('title') || el.getAttribute('name') || el.tagName.toLowerCase());
      out.push({ name: name.slice(0, 50), width: Math.round(r.width * 10) / 10, height: Math.round(r.height * 10) / 10 });
    }
    return out;
  });
}

const small = (t: Target, min: number) => t.width < min || t.height < min;
const line = (where: string, t: Target) => `${where}: ${t.name} ${t.width}×${t.height}`;

describe.skipIf(!hasChromium)('touch targets on a 375 px phone', () => {
  let s: SandboxedSnorq;
  let browser: FileBrowser;
  let page: Page;
  let moves: InAppMoves;
  let thread: number;
  let contact: number;

  beforeAll(async () => {
    buildWebApp();
    s = await startSandboxedSnorq({ autoReceipts: false });
    const sent = await s.simulator.customers.send('whatsapp', { accountId: s.account('whatsapp').accountId, customer: { id: '4917622000001', name: 'Tamara Touch' }, text: 'Can I tap everything?' });
    thread = (await eventually(() => s.snorq.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', sent.externalId!).executeTakeFirst())).conversation_id;
    contact = (await s.snorq.ctx.db.selectFrom('conversations').select('contact_id').where('id', '=', thread).executeTakeFirstOrThrow()).contact_id;
    expect((await s.api('/api/v1/labels', { json: { name: 'refund', color: '#b91c1c' } })).status).toBe(201);
    browser = await openBrowser();
    page = await browser.newPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    // The app is loaded once and moved between its pages inside it (move-in-app.ts: a full load
    // of each page cost ~0.5 s of CPU, a move ~0.1 s).
    moves = followRequests(page);
    await signInByCookie(page, s.snorq.url, undefined, { live: false });
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('makes the inbox’s main actions at least 44 px: the row, back, resolve, manage, contact, assign, the composer’s tools and send', { timeout: 90_000 }, async () => {
    await moves.moveTo('/inbox', (p) => p.getByTestId('conversation-row').first().waitFor());
    const found = await targets(page);
    await moves.moveTo(`/inbox/${thread}`, (p) => p.getByTestId('message').first().waitFor());
    await page.getByTestId('toggle-controls').click();
    await page.getByTestId('assign-me').waitFor();
    found.push(...(await targets(page)));
    const main = found.filter((t) => MAIN_ACTIONS.includes(t.name));
    // Each main action was on the page to be measured.
    expect([...new Set(main.map((t) => t.name))].sort()).toEqual([...MAIN_ACTIONS].sort());
    expect(main.filter((t) => small(t, MAIN)).map((t) => line('inbox', t))).toEqual([]);
  });

  it('makes every control on every page at least 24 px', { timeout: 180_000 }, async () => {
    const offenders: string[] = [];
    for (const address of ['/inbox', `/inbox/${thread}`, '/dashboard', '/contacts', `/contacts/${contact}`, ...SETTINGS_PAGES.map((p) => p.path)]) {
      await moves.moveTo(address);
      offenders.push(...(await targets(page)).filter((t) => small(t, MIN)).map((t) => line(address, t)));
    }
    expect(offenders).toEqual([]);
  });
});
