import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../helpers/browser.ts';
import { signInByCookie, startBrowserSandbox, type FileBrowser } from '../helpers/browser-fixture.ts';
import { eventually, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';
import type { PageElement, PageGlobals } from '../helpers/page-globals.ts';

/**
 * WCAG 2.2 AA, issue 19 item 7: after every action the focus is on something sensible, never on
 * the page. Each action is done as an agent does it (a click, a key) and the test waits for what
 * the action leaves behind (the saved change, the closed menu, the deleted row) before asking
 * where the focus is: on a control that was disabled while saving, removed or replaced, it fell
 * to `<body>` before, and a keyboard user started again from the top of the page.
 */

/** What holds the focus, as the tests name it: its test id, a heading's text, else its tag; `BODY` when it fell to the page. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const { document } = globalThis as unknown as PageGlobals;
    const a = document.activeElement;
    if (!a || a === document.body || !a.isConnected) return 'BODY';
    if (a.dataset['testid']) return a.dataset['testid'];
    if (/^H[1-6]$/.test(a.tagName)) return `heading: ${a.textContent?.trim()}`;
    return `${a.tagName.toLowerCase()}: ${a.getAttribute('aria-label') ?? a.textContent?.trim().slice(0, 40)}`;
  });
}

/** The focus settles on `name` (never on the page on the way there for long: the poll would see it stay). */
async function expectFocusOn(page: Page, name: string): Promise<void> {
  await expect.poll(() => focused(page)).toBe(name);
}

/** Where the focus settled after an action, once it is on `name` or the wait is over: a list of these shows every step that went wrong at once. */
async function landed(page: Page, action: string, name: string): Promise<string> {
  await expect
    .poll(() => focused(page))
    .toBe(name)
    .catch(() => undefined);
  return `${action} → ${await focused(page)}`;
}

describe.skipIf(!hasChromium)('focus after every action', () => {
  let s: SandboxedSnorq;
  let browser: FileBrowser;
  let page: Page;
  let seq = 0;

  beforeAll(async () => {
    ({ s, browser, page } = await startBrowserSandbox({ sandbox: { autoReceipts: false }, page: { viewport: { width: 1280, height: 800 } } }));
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  /** A WhatsApp customer writes; their conversation's id once snorq has stored it. */
  async function customerWrites(name: string, text = `Hello from ${name}`): Promise<number> {
    seq++;
    const sent = await s.simulator.customers.send('whatsapp', { accountId: s.account('whatsapp').accountId, customer: { id: `4917611${String(seq).padStart(5, '0')}`, name }, text });
    expect(sent.status).toBe(200);
    const m = await eventually(() => s.snorq.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', sent.externalId!).executeTakeFirst());
    return m.conversation_id;
  }

  async function open(p: Page, id: number): Promise<void> {
    await p.goto(`${s.snorq.url}/inbox/${id}`);
    await p.locator(`[data-testid="thread"][data-conversation-id="${id}"] [data-testid="message"]`).first().waitFor();
  }

  /** The conversation's PATCH has been answered and the controls are enabled again. */
  async function saved(p: Page, id: number, act: () => Promise<unknown>): Promise<void> {
    const answered = p.waitForResponse((r) => r.url().endsWith(`/api/v1/conversations/${id}`) && r.request().method() === 'PATCH');
    await act();
    expect((await answered).status()).toBe(200);
    await p.locator('#conversation-controls[aria-busy="false"]').waitFor();
  }

  it('keeps the focus on the thread’s controls: Assign to me, priority, status (resolve, reopen), snooze, a label removed', { timeout: 90_000 }, async () => {
    const id = await customerWrites('Fiona Focus');
    await open(page, id);
    const steps: string[] = [];
    await saved(page, id, () => page.getByTestId('assign-me').click());
    await page.getByTestId('assign-me').waitFor({ state: 'detached' });
    steps.push(await landed(page, 'assign to me', 'assignee-select'));

    await page.getByTestId('priority-select').focus();
    await saved(page, id, () => page.getByTestId('priority-select').selectOption('high'));
    steps.push(await landed(page, 'priority', 'priority-select'));

    await page.getByTestId('status-select').focus();
    await saved(page, id, () => page.getByTestId('status-select').selectOption('resolved'));
    steps.push(await landed(page, 'resolve', 'status-select'));
    await page.getByTestId('status-select').focus();
    await saved(page, id, () => page.getByTestId('status-select').selectOption('open'));
    steps.push(await landed(page, 'reopen', 'status-select'));

    await page.getByTestId('snooze-button').click();
    await saved(page, id, () => page.getByTestId('snooze-until-reply').click());
    steps.push(await landed(page, 'snooze', 'snooze-button'));

    const input = page.getByTestId('label-input');
    await saved(page, id, async () => (await input.fill('vip'), await input.press('Enter')));
    await page.getByTestId('labels').getByTestId('label-chip').waitFor();
    steps.push(await landed(page, 'add a label', 'label-input'));
    await saved(page, id, () => page.getByRole('button', { name: 'Remove label vip' }).click());
    await page.getByTestId('labels').getByTestId('label-chip').waitFor({ state: 'detached' });
    steps.push(await landed(page, 'remove a label', 'label-input'));
    expect(steps).toEqual([
      'assign to me → assignee-select',
      'priority → priority-select',
      'resolve → status-select',
      'reopen → status-select',
      'snooze → snooze-button',
      'add a label → label-input',
      'remove a label → label-input',
    ]);
  });

  it('gives the focus back after a reaction, the shortcuts dialog, and a send', { timeout: 90_000 }, async () => {
    const id = await customerWrites('Rita React');
    await open(page, id);
    const bubble = page.getByTestId('message').first();
    await bubble.hover();
    await bubble.getByTestId('react-button').click();
    await bubble.getByTestId('reaction-menu').getByRole('button').first().click();
    await bubble.getByTestId('reaction-menu').waitFor({ state: 'detached' });
    const steps = [await landed(page, 'react', 'react-button')];

    await page.getByTestId('composer').fill('On its way!');
    await page.getByTestId('send-button').click();
    await page.getByTestId('message').filter({ hasText: 'On its way!' }).waitFor();
    steps.push(await landed(page, 'send', 'composer'));

    // `?` outside a text field opens the shortcuts; closing them returns to where the agent was.
    await page.getByTestId('snooze-button').focus();
    const before = await focused(page);
    await page.keyboard.press('?');
    await page.getByTestId('shortcuts-dialog').waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await page.getByTestId('shortcuts-dialog').waitFor({ state: 'hidden' });
    steps.push(await landed(page, 'close the shortcuts', before));
    expect(steps).toEqual(['react → react-button', 'send → composer', `close the shortcuts → ${before}`]);
  });

  it('keeps the focus in the selection bar through a bulk action, "all matching" and clearing', { timeout: 90_000 }, async () => {
    await customerWrites('Bea Bulk');
    await page.goto(`${s.snorq.url}/inbox`);
    const box = page.getByTestId('select-conversation').first();
    await box.click();
    const answered = page.waitForResponse((r) => r.url().includes('/api/v1/conversations/bulk'));
    await page.getByTestId('bulk-read').click();
    await answered;
    await page.getByTestId('bulk-result').waitFor();
    await expectFocusOn(page, 'select-all-visible');

    await page.getByTestId('select-all-visible').check();
    await page.getByTestId('select-all-matching').click();
    await expectFocusOn(page, 'select-all-visible');
    await page.getByTestId('bulk-clear').click();
    await page.getByTestId('bulk-clear').waitFor({ state: 'detached' });
    await expectFocusOn(page, 'select-all-visible');
  });

  it('on a phone, Resolve gives the focus to the next thread’s heading, and closing the contact drawer to its button', { timeout: 90_000 }, async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    try {
      await signInByCookie(phone, s.snorq.url);
      await customerWrites('Nora Next');
      const first = await customerWrites('Rolf Resolve');
      await open(phone, first);
      await phone.getByTestId('toggle-contact').click();
      await phone.getByTestId('contact-panel').getByRole('button', { name: /close/i }).click();
      const steps = [await landed(phone, 'close the contact', 'toggle-contact')];

      await phone.getByTestId('resolve-next').click();
      await phone.waitForURL((url) => /\/inbox\/\d+$/.test(url.pathname) && !url.pathname.endsWith(`/${first}`));
      steps.push(await landed(phone, 'resolve and next', 'thread-contact-name'));
      expect(steps).toEqual(['close the contact → toggle-contact', 'resolve and next → thread-contact-name']);
    } finally {
      await phone.close();
    }
  });

  it('after a deletion in a settings list the list’s heading has the focus; Cancel gives it back to the button', { timeout: 90_000 }, async () => {
    for (const name of ['obsolete', 'keep']) expect((await s.api('/api/v1/labels', { json: { name, color: '#b91c1c' } })).status).toBe(201);
    await page.goto(`${s.snorq.url}/settings/labels`);
    const row = page.locator('[data-testid="label-row"][data-name="obsolete"]');
    await row.getByTestId('label-delete').click();
    await row.getByRole('button', { name: 'Cancel' }).click();
    await expectFocusOn(page, 'label-delete');
    await row.getByTestId('label-delete').click();
    await row.getByTestId('label-delete-yes').click();
    await row.waitFor({ state: 'detached' });
    await expectFocusOn(page, 'heading: All labels');

    expect((await s.api('/api/v1/canned-responses', { json: { shortcut: 'bye', content: 'Goodbye!' } })).status).toBe(201);
    await page.goto(`${s.snorq.url}/settings/canned`);
    await page.getByTestId('canned-delete').first().click();
    await page.getByTestId('canned-delete-yes').click();
    await page.getByTestId('canned-delete').waitFor({ state: 'detached' });
    await expect.poll(() => focused(page)).toMatch(/^heading: /);
  });
  /** The radios of a group as the keyboard sees them: which is checked, which holds the focus, which the Tab key reaches. */
  const radios = (p: Page, group: string) =>
    p.getByRole('radiogroup', { name: group }).evaluate((g) =>
      [...(g as unknown as PageElement).querySelectorAll('[role="radio"]')].map((r) => ({
        checked: r.getAttribute('aria-checked') === 'true',
        focused: r === (globalThis as unknown as PageGlobals).document.activeElement,
        tabStop: r.tabIndex === 0,
      })),
    );

  it('moves through a radio group with the arrow keys, one Tab stop for the group (the inbox’s assignee filter, the dashboard’s range)', { timeout: 90_000 }, async () => {
    await page.goto(`${s.snorq.url}/inbox`);
    const group = page.getByRole('radiogroup', { name: 'Assignee' });
    await group.waitFor();
    expect((await radios(page, 'Assignee')).map((r) => r.tabStop)).toEqual([true, false, false]);
    await page.getByTestId('filter-unread').focus();
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toBe('filter-assignee-all');
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(/assignee=me/);
    expect(await radios(page, 'Assignee')).toEqual([
      { checked: false, focused: false, tabStop: false },
      { checked: true, focused: true, tabStop: true },
      { checked: false, focused: false, tabStop: false },
    ]);
    await page.keyboard.press('End');
    await page.waitForURL(/assignee=unassigned/);
    await page.keyboard.press('ArrowRight');
    await page.waitForURL((u) => !u.search.includes('assignee='));
    expect(await focused(page)).toBe('filter-assignee-all');
    // Tab leaves the group at once: the next control is the unread filter, not the next radio.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('filter-unread');

    await page.goto(`${s.snorq.url}/dashboard`);
    await page.getByTestId('range-7').waitFor();
    const presets = await radios(page, 'Range');
    expect(presets.filter((r) => r.tabStop)).toHaveLength(1);
    await page.locator('[role="radiogroup"] [tabindex="0"]').focus();
    const before = presets.findIndex((r) => r.checked);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => (await radios(page, 'Range')).findIndex((r) => r.checked && r.focused && r.tabStop)).toBe((before + presets.length - 1) % presets.length);
  });
});
