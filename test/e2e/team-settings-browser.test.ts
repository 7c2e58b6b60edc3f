import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { buildWebApp, hasChromium } from '../helpers/browser.ts';
import { openBrowser, signInByCookie, type FileBrowser } from '../helpers/browser-fixture.ts';
import { followRequests } from '../helpers/move-in-app.ts';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * The team's settings in a browser: an admin writes a canned response with a variable, which an
 * agent then inserts in the composer filled in for the customer; an admin renames a label and the
 * labelled conversation shows the new name; the inbox's label field offers the existing label for
 * a different case, lets an admin create one and shows an agent the server's refusal; and each page
 * fits a 375 px phone without scrolling sideways.
 */
const AGENT = { email: 'ana@example.test', password: 'agent password 1' };

describe.skipIf(!hasChromium)('settings: canned responses and labels', () => {
  let s: SandboxedSnorq;
  let browser: FileBrowser;
  let conversationId: number;
  const contexts: BrowserContext[] = [];
  const newPage = async (width = 1280, locale?: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width, height: 800 }, ...(locale && { locale }) });
    contexts.push(context);
    return context.newPage();
  };
  /**
   * One 1280 px page shared by the tests, the admin and the agent signing in on it in turn (never
   * both at once: each test uses the agent after the admin), each afresh, loading the page they
   * start from (FileBrowser.sharedPage): a new page is a new renderer process, ~1 s of Chromium's
   * CPU before anything loads. `_who` only names, at the call, who is about to sign in.
   */
  const pageOf = (_who: 'admin' | 'agent'): Promise<Page> => browser.sharedPage({ viewport: { width: 1280, height: 800 } });

  beforeAll(async () => {
    buildWebApp();
    s = await startSandboxedSnorq();
    const agent = await s.api('/api/v1/users', { json: { ...AGENT, name: 'Ana Agent', role: 'agent' } });
    expect(agent.status).toBe(201);
    await s.simulator.customers.send('whatsapp', {
      accountId: s.account('whatsapp').accountId,
      customer: { id: '4917600009901', name: 'Maria Lopez' },
      text: 'Hello, is my order on its way?',
      timestamp: Date.now(),
    });
    conversationId = await eventually(async () => {
      const body = (await (await s.api('/api/v1/conversations')).json()) as { conversations: { id: number }[] };
      return body.conversations[0]?.id;
    });
    browser = await openBrowser();
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await s?.close();
  });

  it('an admin writes a canned response with a variable; an agent inserts it filled for the customer', { timeout: 90_000 }, async () => {
    const page = await pageOf('admin');
    await signInByCookie(page, s.snorq.url, undefined, { live: false, path: '/settings/canned' });
    // Checked before sending: nothing typed.
    await page.getByTestId('new-canned-submit').click();
    await page.getByTestId('new-canned-shortcut-error').filter({ hasText: 'Give the response a shortcut' }).waitFor();
    await page.getByTestId('new-canned-content-error').waitFor();
    await page.getByTestId('new-canned-shortcut').fill('/greet');
    await page.getByTestId('new-canned-content').fill('Hello ');
    await page.getByTestId('new-canned-content').press('End');
    await page.getByTestId('canned-var-contact.first_name').click();
    await page.getByTestId('new-canned-content').press('End');
    await page.keyboard.type(', your order {{order.number}} is on its way.');
    // A variable the composer does not know is flagged, and saving it asks once more.
    await page.getByTestId('new-canned-unknown').filter({ hasText: '{{order.number}}' }).waitFor();
    await page.getByTestId('new-canned-submit').click();
    await page.getByTestId('new-canned-unknown').and(page.locator('[role="alert"]')).waitFor();
    expect(await page.getByTestId('canned-row').count()).toBe(0);
    await page.getByTestId('new-canned-content').fill('Hello {{contact.first_name}}, your order is on its way.');
    await page.getByTestId('new-canned-unknown').waitFor({ state: 'detached' });
    await page.getByTestId('new-canned-submit').click();
    await page.getByTestId('new-canned-added').waitFor();
    const row = page.locator('[data-testid="canned-row"][data-shortcut="greet"]');
    await row.getByTestId('canned-content').filter({ hasText: 'Hello {{contact.first_name}}, your order is on its way.' }).waitFor();

    // The server's refusal (the shortcut is taken) appears beside the shortcut.
    await page.getByTestId('new-canned-shortcut').fill('greet');
    await page.getByTestId('new-canned-content').fill('Another greeting');
    await page.getByTestId('new-canned-submit').click();
    await page.getByTestId('new-canned-shortcut-error').filter({ hasText: 'already has this shortcut' }).waitFor();
    await page.getByTestId('new-canned-shortcut').fill('bye');
    await page.getByTestId('new-canned-submit').click();
    const bye = page.locator('[data-testid="canned-row"][data-shortcut="bye"]');
    await bye.waitFor();
    // Edited in place, then deleted after the question.
    await bye.getByTestId('canned-edit').click();
    await bye.getByTestId('edit-canned-content').fill('Goodbye, {{agent.name}}');
    await bye.getByTestId('edit-canned-submit').click();
    await bye.getByTestId('canned-content').filter({ hasText: 'Goodbye, {{agent.name}}' }).waitFor();
    await bye.getByTestId('canned-delete').click();
    await bye.getByTestId('canned-delete-yes').click();
    await bye.waitFor({ state: 'detached' });

    const agent = await pageOf('agent');
    await signInByCookie(agent, s.snorq.url, AGENT, { live: false, path: `/inbox/${conversationId}` });
    const composer = agent.getByTestId('composer');
    await composer.click();
    await agent.keyboard.type('/gre');
    await agent.getByTestId('canned-menu').filter({ hasText: '/greet' }).waitFor();
    await agent.keyboard.press('Enter');
    await expect.poll(() => composer.inputValue()).toBe('Hello Maria, your order is on its way.');
    // The agent reads the responses but may not change them.
    await agent.goto(`${s.snorq.url}/settings/canned`);
    await agent.locator('[data-testid="canned-row"][data-shortcut="greet"]').waitFor();
    expect(await agent.getByTestId('new-canned-form').count()).toBe(0);
    expect(await agent.getByTestId('canned-edit').count()).toBe(0);
  });

  it('an admin manages labels; a rename relabels the conversation, which shows the new name in its colour', { timeout: 90_000 }, async () => {
    expect((await s.api(`/api/v1/conversations/${conversationId}`, { method: 'PATCH', json: { labels: ['vip'] } })).status).toBe(200);
    const page = await pageOf('admin');
    await signInByCookie(page, s.snorq.url, undefined, { live: false, path: '/settings/labels' });
    const vip = page.locator('[data-testid="label-row"][data-name="vip"]');
    await vip.getByTestId('label-count').filter({ hasText: '1 conversation' }).waitFor();
    // Checked before sending, then the server's 409 for a name differing only in case, beside the field.
    await page.getByTestId('new-label-submit').click();
    await page.getByTestId('new-label-name-error').filter({ hasText: 'Give the label a name' }).waitFor();
    await page.getByTestId('new-label-name').fill('VIP');
    await page.getByTestId('new-label-submit').click();
    await page.getByTestId('new-label-name-error').filter({ hasText: 'already exists' }).waitFor();
    await page.getByTestId('new-label-name').fill('Billing');
    await page.getByTestId('new-label-color-15803d').check();
    await page.getByTestId('new-label-submit').click();
    const billing = page.locator('[data-testid="label-row"][data-name="Billing"]');
    await billing.getByTestId('label-count').filter({ hasText: '0 conversations' }).waitFor();
    expect(await billing.getByTestId('label-chip').getAttribute('style')).toContain('background: rgb(21, 128, 61)');

    await vip.getByTestId('label-edit').click();
    await vip.getByTestId('edit-label-name').fill('Priority customer');
    await vip.getByTestId('edit-label-relabel-hint').filter({ hasText: '1 conversation' }).waitFor();
    await vip.getByTestId('edit-label-color-6d28d9').check();
    await vip.getByTestId('edit-label-submit').click();
    const renamed = page.locator('[data-testid="label-row"][data-name="Priority customer"]');
    await renamed.getByTestId('label-outcome').filter({ hasText: '1 conversation now carries the new name' }).waitFor();
    await billing.getByTestId('label-delete').click();
    await billing.getByTestId('label-delete-confirm').filter({ hasText: '0 conversations lose it' }).waitFor();
    await billing.getByTestId('label-delete-yes').click();
    await billing.waitFor({ state: 'detached' });

    const detail = (await (await s.api(`/api/v1/conversations/${conversationId}`)).json()) as { conversation: { labels: string[] } };
    expect(detail.conversation.labels).toEqual(['Priority customer']);
    await page.goto(`${s.snorq.url}/inbox/${conversationId}`);
    // In the new name and, once the organisation's labels are read, in its colour.
    await page.locator('[data-testid="labels"] [data-testid="label-chip"][data-label="Priority customer"][style*="background: rgb(109, 40, 217)"]').waitFor();
    await page.locator(`[data-testid="conversation-row"][data-conversation-id="${conversationId}"]`).getByTestId('row-label').filter({ hasText: 'Priority customer' }).waitFor();
    expect(await page.getByText('vip', { exact: true }).count()).toBe(0);
  });

  it('the label editor offers the existing label for a different case; an admin may create one, an agent may not', { timeout: 90_000 }, async () => {
    const names = async () => ((await (await s.api('/api/v1/labels')).json()) as { labels: { name: string }[] }).labels.map((l) => l.name);
    for (const name of ['refund', 'shipping']) expect((await s.api('/api/v1/labels', { json: { name, color: '#b91c1c' } })).status).toBe(201);
    const before = await names();
    const page = await pageOf('admin');
    await signInByCookie(page, s.snorq.url, undefined, { live: false, path: `/inbox/${conversationId}` });
    const input = page.getByTestId('label-input');
    await input.click();
    await page.keyboard.type('REFUND ');
    await page.getByTestId('label-suggestion').filter({ hasText: 'refund' }).waitFor();
    expect(await page.getByTestId('label-create').count()).toBe(0);
    await page.keyboard.press('Enter');
    await page
      .getByTestId('labels')
      .getByTestId('label-chip')
      .filter({ hasText: /^refund$/ })
      .waitFor();
    // The focus stays in the field: the next label is typed straight away.
    expect(await page.evaluate('document.activeElement?.dataset.testid')).toBe('label-input');
    await page.keyboard.type('Urgent');
    await page.getByTestId('label-create').filter({ hasText: 'Create label “Urgent”' }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('labels').getByTestId('label-chip').filter({ hasText: 'Urgent' }).waitFor();
    // "REFUND " made no label of its own; "Urgent" is the only new one.
    expect((await names()).sort()).toEqual([...before, 'Urgent'].sort());

    const agent = await pageOf('agent');
    await signInByCookie(agent, s.snorq.url, AGENT, { live: false, path: `/inbox/${conversationId}` });
    const agentInput = agent.getByTestId('label-input');
    await agentInput.click();
    await agent.keyboard.type('Brand new');
    await agent.getByTestId('label-no-match').waitFor();
    expect(await agent.getByTestId('label-create').count()).toBe(0);
    // Sent as typed, the server refuses it (only admins add labels), and the refusal shows beside the field.
    await agent.keyboard.press('Enter');
    await agent.getByTestId('label-refused').filter({ hasText: 'Only an admin can add a new label: Brand new' }).waitFor();
    await agentInput.click();
    await agent.keyboard.type('SHIP');
    await agent.getByTestId('label-suggestion').filter({ hasText: 'shipping' }).waitFor();
    await agent.keyboard.press('Enter');
    await agent
      .getByTestId('labels')
      .getByTestId('label-chip')
      .filter({ hasText: /^shipping$/ })
      .waitFor();
    expect((await names()).sort()).toEqual([...before, 'Urgent'].sort());
  });

  it('fits each page, its edit forms open, into 375 px without sideways scrolling, in English and in German', { timeout: 90_000 }, async () => {
    const ready: Record<string, [list: string, edit: string]> = { '/settings/canned': ['canned-row', 'canned-edit'], '/settings/labels': ['label-row', 'label-edit'] };
    for (const locale of ['en-US', 'de-DE']) {
      // English on the admin's page at 375 px (the layout follows the width through CSS alone); a
      // context's locale cannot change, so German is a page of its own. Between the two pages the
      // app moves inside itself (move-in-app.ts: ~0.1 s of CPU against ~0.5 s for a load).
      const page = locale === 'en-US' ? await pageOf('admin') : await newPage(375, locale);
      if (locale === 'en-US') {
        await page.setViewportSize({ width: 375, height: 800 });
        onTestFinished(() => page.setViewportSize({ width: 1280, height: 800 }));
      }
      const moves = followRequests(page);
      const paths = Object.keys(ready);
      await signInByCookie(page, s.snorq.url, undefined, { live: false, path: paths[0] });
      for (const [path, [list, edit]] of Object.entries(ready)) {
        if (path !== paths[0]) await moves.moveTo(path, (p) => p.getByTestId(list).first().waitFor());
        await page.getByTestId(list).first().waitFor();
        await page.getByTestId(edit).first().click();
        await page.locator('[data-testid="edit-canned-form"], [data-testid="edit-label-form"]').first().waitFor();
        const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
        // What sticks out, named, so a failure says where to look.
        const sticksOut = (within: string) =>
          page.evaluate<string[]>(
            `[...document.querySelectorAll('${within} *')].filter((el) => !el.closest('.settings__nav') && el.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 4).map((el) => el.tagName + '.' + el.className + ' ' + (el.textContent ?? '').slice(0, 30))`,
          );
        // The page and the whole document (the app's header with its longer German words too) fit.
        expect({ locale, path, wide: await sticksOut('main') }).toEqual({ locale, path, wide: [] });
        expect({ locale, path, overflow, from: overflow > 0 ? await sticksOut('body') : [] }).toEqual({ locale, path, overflow: 0, from: [] });
      }
    }
  });
});
