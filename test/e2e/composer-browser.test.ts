import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebApp, hasChromium } from '../helpers/browser.ts';
import { openBrowser, signInByCookie, type FileBrowser } from '../helpers/browser-fixture.ts';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * The composer that keeps the agent's work, and the actions where the eye is (issue "The inbox
 * an agent would choose", items 3 and 5), in Chromium against a real snorq and the simulator.
 */
describe.skipIf(!hasChromium)('the composer and the thread controls', () => {
  let s: SandboxedSnorq;
  let browser: FileBrowser;
  let context: BrowserContext;
  let page: Page;
  let ana: number;
  let bruno: number;
  let kim: number;

  /** A customer writes (`hoursAgo` back in time); returns their conversation. */
  async function customerWrites(platform: 'whatsapp' | 'messenger', id: string, name: string, text: string, hoursAgo = 0): Promise<number> {
    const sent = await s.simulator.customers.send(platform, { accountId: s.account(platform).accountId, customer: { id, name }, text, timestamp: Date.now() - hoursAgo * 3600_000 });
    expect(sent.status, sent.body).toBe(200);
    const row = await eventually(() => s.snorq.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', sent.externalId!).executeTakeFirst());
    return row.conversation_id;
  }
  const outbound = (conversationId: number) =>
    s.snorq.ctx.db.selectFrom('messages').select(['content', 'is_private_note', 'metadata']).where('conversation_id', '=', conversationId).where('direction', '=', 'outbound').orderBy('id').execute();
  const composer = () => page.getByTestId('composer');
  async function open(conversationId: number) {
    await page.locator(`[data-testid="conversation-row"][data-conversation-id="${conversationId}"]`).click();
    await page.locator(`[data-testid="thread"][data-conversation-id="${conversationId}"]`).waitFor();
  }

  beforeAll(async () => {
    buildWebApp();
    s = await startSandboxedSnorq({ autoReceipts: true });
    ana = await customerWrites('whatsapp', '4917600001001', 'Ana Lima', 'Where is my parcel?');
    bruno = await customerWrites('whatsapp', '4917600001002', 'Bruno Costa', 'Do you ship to Porto?');
    // Wrote 30 hours ago on Messenger: only the human agent tag may answer now.
    kim = await customerWrites('messenger', 'kim-composer-1', 'Kim Lee', 'Is the blue one back in stock?', 30);
    await s.snorq.ctx.db
      .insertInto('canned_responses')
      .values({ organization_id: s.organizationId, shortcut: 'hours', content: 'Hi {{contact.first_name}}, we are open 9 to 5. Your order {{order}} is noted.' })
      .execute();
    browser = await openBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    await signInByCookie(page, s.snorq.url);
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await s?.close();
  });

  it('keeps a draft through a thread switch and a reload, never sends it to the other conversation, and clears it once sent', { timeout: 90_000 }, async () => {
    await open(ana);
    await composer().fill('Your parcel left the warehouse');
    // The note is a draft of its own.
    await page.getByTestId('note-toggle').click();
    expect(await composer().inputValue()).toBe('');
    await composer().fill('ask the warehouse for the tracking number');
    await page.getByTestId('note-toggle').click();
    expect(await composer().inputValue()).toBe('Your parcel left the warehouse');

    await open(bruno);
    expect(await composer().inputValue()).toBe('');
    await composer().fill('Yes, we ship to Porto.');
    await composer().press('Enter');
    await page.getByTestId('message').filter({ hasText: 'Yes, we ship to Porto.' }).waitFor();
    await eventually(async () => ((await composer().inputValue()) === '' ? true : undefined));

    await open(ana);
    expect(await composer().inputValue()).toBe('Your parcel left the warehouse');
    await page.reload();
    await composer().waitFor();
    expect(await composer().inputValue()).toBe('Your parcel left the warehouse');
    await page.getByTestId('note-toggle').click();
    expect(await composer().inputValue()).toBe('ask the warehouse for the tracking number');
    await page.getByTestId('note-toggle').click();

    await composer().press('Enter');
    await page.getByTestId('message').filter({ hasText: 'Your parcel left the warehouse' }).waitFor();
    await eventually(async () => ((await composer().inputValue()) === '' ? true : undefined));
    await page.reload();
    await composer().waitFor();
    expect(await composer().inputValue()).toBe('');

    expect((await outbound(bruno)).map((m) => m.content)).toEqual(['Yes, we ship to Porto.']);
    expect((await outbound(ana)).map((m) => m.content)).toEqual(['Your parcel left the warehouse']);
  });

  it('a draft typed while a send is in flight stays in its own conversation', { timeout: 60_000 }, async () => {
    await open(bruno);
    await composer().fill('Shipping takes two days.');
    // The send and the switch to another thread race: the draft cleared is Bruno's, Ana's is untouched.
    await composer().press('Enter');
    await open(ana);
    await composer().fill('A draft for Ana only');
    await eventually(async () => ((await outbound(bruno)).some((m) => m.content === 'Shipping takes two days.') ? true : undefined));
    expect(await composer().inputValue()).toBe('A draft for Ana only');
    await open(bruno);
    expect(await composer().inputValue()).toBe('');
    expect((await outbound(ana)).map((m) => m.content)).not.toContain('A draft for Ana only');
    await open(ana);
    await composer().fill('');
  });

  it('inserts a canned response at a "/" typed mid-text, filled, with the unknown variable selected and the send held until it is replaced', { timeout: 60_000 }, async () => {
    await open(ana);
    await composer().fill('Thanks for waiting! ');
    await composer().press('End');
    await composer().pressSequentially('/hou');
    await page.getByTestId('canned-menu').waitFor();
    await composer().press('Enter');
    expect(await composer().inputValue()).toBe('Thanks for waiting! Hi Ana, we are open 9 to 5. Your order {{order}} is noted.');
    const selected = await composer().evaluate((el) => {
      const box = el as unknown as { value: string; selectionStart: number; selectionEnd: number };
      return box.value.slice(box.selectionStart, box.selectionEnd);
    });
    expect(selected).toBe('{{order}}');
    await expect(page.getByTestId('unfilled-variables').textContent()).resolves.toContain('{{order}}');
    expect(await page.getByTestId('send-button').isDisabled()).toBe(true);
    // Enter does not send it either: {{…}} never reaches a customer.
    await composer().press('Enter');
    await composer().pressSequentially('#1042');
    expect(await composer().inputValue()).toBe('Thanks for waiting! Hi Ana, we are open 9 to 5. Your order #1042 is noted.');
    await composer().press('Enter');
    await page.getByTestId('message').filter({ hasText: 'Your order #1042 is noted.' }).waitFor();
    expect((await outbound(ana)).map((m) => m.content)).not.toContainEqual(expect.stringContaining('{{'));
  });

  it('Enter on a thread that needs the human agent tag offers the choice, and the choice is remembered for the conversation', { timeout: 60_000 }, async () => {
    await open(kim);
    await expect(page.getByTestId('thread').getByTestId('reply-window').textContent()).resolves.toMatch(/Human agent tag: \d+ (days|hours) left/);
    await composer().fill('Yes, it is back since Monday.');
    await composer().press('Enter');
    const question = page.getByTestId('human-agent-question');
    await question.waitFor();
    // The answer has the focus: Enter again is "send with the tag".
    expect(await page.evaluate('document.activeElement?.getAttribute("data-testid")')).toBe('human-agent-send');
    await page.keyboard.press('Enter');
    await page.getByTestId('message').filter({ hasText: 'Yes, it is back since Monday.' }).waitFor();
    expect(await question.count()).toBe(0);

    await page.reload();
    await composer().waitFor();
    expect(await page.getByTestId('human-agent-toggle').isChecked()).toBe(true);
    await composer().fill('Shall I reserve one for you?');
    await composer().press('Enter');
    await page.getByTestId('message').filter({ hasText: 'Shall I reserve one for you?' }).waitFor();
    expect(await question.count()).toBe(0);
    const sent = await outbound(kim);
    expect(sent.map((m) => [m.content, (m.metadata as { tag?: string } | null)?.tag])).toEqual([
      ['Yes, it is back since Monday.', 'HUMAN_AGENT'],
      ['Shall I reserve one for you?', 'HUMAN_AGENT'],
    ]);
  });

  it('"Not now" goes back to the reply box and sends nothing', { timeout: 60_000 }, async () => {
    await open(kim);
    await page.getByTestId('human-agent-toggle').uncheck();
    await composer().fill('One more thing');
    await page.getByTestId('send-button').click();
    await page.getByTestId('human-agent-question').waitFor();
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('human-agent-question').count()).toBe(0);
    expect(await page.evaluate('document.activeElement?.getAttribute("data-testid")')).toBe('composer');
    expect((await outbound(kim)).map((m) => m.content)).not.toContain('One more thing');
    await composer().fill('');
  });

  it('snoozes to a chosen date and time, and until the customer replies', { timeout: 60_000 }, async () => {
    await open(bruno);
    await page.getByTestId('snooze-button').click();
    const at = page.getByTestId('snooze-at');
    await at.fill('2020-01-01T09:00');
    await page.getByTestId('snooze-at-submit').click();
    await expect(page.getByTestId('snooze-panel').getByRole('alert').textContent()).resolves.toContain('time to come');
    const next = new Date(Date.now() + 5 * 86_400_000);
    const value = `${next.getFullYear()}-${String(next.getMonth() + 1).padStart(2, '0')}-${String(next.getDate()).padStart(2, '0')}T14:30`;
    await at.fill(value);
    await page.getByTestId('snooze-at-submit').click();
    await eventually(async () => ((await page.getByTestId('snooze-button').textContent())?.startsWith('Snoozed until') ? true : undefined));
    const row = await s.snorq.ctx.db.selectFrom('conversations').select(['status', 'snoozed_until']).where('id', '=', bruno).executeTakeFirstOrThrow();
    expect(row.status).toBe('snoozed');
    const expected = await page.evaluate((v) => new Date(v).toISOString(), value);
    expect(row.snoozed_until?.toISOString()).toBe(expected);

    await page.getByTestId('snooze-button').click();
    await page.getByTestId('snooze-until-reply').click();
    await eventually(async () => ((await page.getByTestId('snooze-button').textContent()) === 'Snoozed until they reply' ? true : undefined));
    expect(await s.snorq.ctx.db.selectFrom('conversations').select(['status', 'snoozed_until']).where('id', '=', bruno).executeTakeFirstOrThrow()).toEqual({ status: 'snoozed', snoozed_until: null });
    await customerWrites('whatsapp', '4917600001002', 'Bruno Costa', 'Any news?');
    await eventually(async () => ((await page.getByTestId('snooze-button').textContent()) === 'Snooze' ? true : undefined));
  });

  it('Resolve (button or E) moves to the next waiting conversation of the view', { timeout: 60_000 }, async () => {
    const carla = await customerWrites('whatsapp', '4917600001003', 'Carla Dias', 'My order never came');
    const dora = await customerWrites('whatsapp', '4917600001004', 'Dora Reis', 'Can I change my address?');
    await page.goto(`${s.snorq.url}/inbox`);
    await open(dora);
    await page.getByTestId('resolve-next').click();
    await page.waitForURL(new RegExp(`/inbox/${carla}(\\?|$)`));
    await page.locator(`[data-testid="thread"][data-conversation-id="${carla}"]`).waitFor();
    // The shortcut, with the focus outside the reply box.
    await page.getByTestId('thread-contact-name').focus();
    await page.keyboard.press('e');
    await page.waitForURL(new RegExp(`/inbox/${bruno}(\\?|$)`));
    const statuses = await s.snorq.ctx.db.selectFrom('conversations').select(['id', 'status']).where('id', 'in', [carla, dora, bruno]).orderBy('id').execute();
    expect(Object.fromEntries(statuses.map((r) => [r.id, r.status]))).toEqual({ [bruno]: 'open', [carla]: 'resolved', [dora]: 'resolved' });
    await page.screenshot({ path: '.test-data/thread-header-desktop.png' });
    // On a wide screen the header shows only what does something there: no Back (the list is beside it), no Manage (the controls are shown), no Contact (always beside).
    for (const id of ['thread-back', 'toggle-controls', 'toggle-contact']) expect(await page.getByTestId(id).isVisible(), id).toBe(false);
    expect(await page.getByTestId('resolve-next').isVisible()).toBe(true);
    // Resolved conversations have left the default view (open ones).
    await eventually(async () => ((await page.locator(`[data-testid="conversation-row"][data-conversation-id="${dora}"]`).count()) === 0 ? true : undefined));
  });

  it('at 390 px: the name and platform are readable, every header button is a 44 px target that does what it says, nothing scrolls sideways', { timeout: 60_000 }, async () => {
    const maria = await customerWrites('whatsapp', '4917600001005', 'Maria José Fernández', 'Hola, ¿tienen la talla 38?');
    const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    try {
      await phoneContext.addCookies(await context.cookies());
      const phone = await phoneContext.newPage();
      await phone.goto(`${s.snorq.url}/inbox/${maria}`);
      const name = phone.getByTestId('thread-contact-name');
      await expect(name.textContent()).resolves.toBe('Maria José Fernández');
      // The whole name fits (not cut to an ellipsis) and the platform is named beside the reply window.
      expect(await name.evaluate((el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight + 1)).toBe(true);
      const badge = phone.getByTestId('thread').locator('.thread-header__sub .platform-badge');
      expect(await badge.textContent()).toBe('WhatsApp');
      expect((await badge.boundingBox())!.width).toBeGreaterThan(40);
      expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);

      const buttons = phone.locator('.thread-header__row button');
      const visible: string[] = [];
      for (let i = 0; i < (await buttons.count()); i++) {
        const box = await buttons.nth(i).boundingBox();
        if (!box || box.width === 0) continue;
        visible.push((await buttons.nth(i).getAttribute('data-testid')) ?? '');
        expect(box.width, `${visible.at(-1)} width`).toBeGreaterThanOrEqual(44);
        expect(box.height, `${visible.at(-1)} height`).toBeGreaterThanOrEqual(44);
        // An icon alone still names its action.
        expect((await buttons.nth(i).innerText()).trim() || (await buttons.nth(i).getAttribute('aria-label'))).toBeTruthy();
      }
      expect(visible).toEqual(['thread-back', 'resolve-next', 'toggle-controls', 'toggle-contact']);
      expect(await phone.getByRole('button', { name: 'Resolve' }).count()).toBe(1);

      // Manage shows the controls, which fit; the snooze panel opened from them fits too.
      expect(await phone.locator('#conversation-controls').isVisible()).toBe(false);
      await phone.getByTestId('toggle-controls').click();
      await phone.locator('#conversation-controls').waitFor({ state: 'visible' });
      await phone.getByTestId('snooze-button').click();
      const panel = (await phone.getByTestId('snooze-panel').boundingBox())!;
      expect(panel.x).toBeGreaterThanOrEqual(0);
      expect(panel.x + panel.width).toBeLessThanOrEqual(390);
      await phone.keyboard.press('Escape');
      await phone.getByTestId('toggle-controls').click();
      await phone.locator('#conversation-controls').waitFor({ state: 'hidden' });
      // Contact opens the contact, over the thread.
      await phone.getByTestId('toggle-contact').click();
      await phone.locator('.inbox__contact').waitFor({ state: 'visible' });
      await phone.screenshot({ path: '.test-data/thread-header-390.png' });
      await phone.locator('.contact-panel__close').click();
      await phone.locator('.inbox__contact').waitFor({ state: 'hidden' });
      await phone.screenshot({ path: '.test-data/thread-header-390-thread.png' });
      // Back goes to the list.
      await phone.getByTestId('thread-back').click();
      await phone.getByTestId('conversation-row').first().waitFor();
      expect(await phone.getByTestId('thread').count()).toBe(0);
    } finally {
      await phoneContext.close();
    }
  });
});
