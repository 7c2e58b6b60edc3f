import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebApp, hasChromium, SANDBOX_AGENT } from '../helpers/browser.ts';
import { openBrowser, signInByCookie, type FileBrowser } from '../helpers/browser-fixture.ts';
import { startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * Two agents in two browsers on one conversation: B sees A's presence follow A's menu, sees A
 * viewing and typing, is asked before answering a customer A has just answered (and can send
 * anyway, by Enter), and is told when A mentions them in a note picked from the `@` menu; the
 * thread says who wrote each reply and note.
 */
const BEA = { email: 'bea@sandbox.test', password: 'bea password 12', name: 'Bea Second' };

describe.skipIf(!hasChromium)('presence, typing, the collision warning and mentions between two agents', () => {
  let s: SandboxedSnorq;
  let browser: FileBrowser;
  const contexts: BrowserContext[] = [];
  let a: Page;
  let b: Page;
  let anaId: number;
  let conversationId: number;
  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    return context.newPage();
  };
  const dotOfAssignee = () => b.locator('#conversation-controls [data-testid="presence-dot"]');

  beforeAll(async () => {
    buildWebApp();
    s = await startSandboxedSnorq();
    browser = await openBrowser();
    // A is the sandbox's admin, renamed; B is a new agent.
    const me = (await (await s.api('/api/v1/auth/me')).json()) as { user?: { id: number }; id?: number };
    anaId = me.user?.id ?? me.id!;
    expect((await s.api(`/api/v1/users/${anaId}`, { method: 'PATCH', json: { name: 'Ana Lopez' } })).status).toBe(200);
    expect((await s.api('/api/v1/users', { json: { ...BEA, role: 'agent' } })).status).toBe(201);
    await s.simulator.customers.send('whatsapp', { accountId: s.account('whatsapp').accountId, customer: { id: '4917600009001', name: 'Cleo Customer' }, text: 'Is my order on its way?' });
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await s?.close();
  });

  it('B sees A come online, go away and come back, beside the assignee', { timeout: 90_000 }, async () => {
    b = await newPage();
    await signInByCookie(b, s.snorq.url, BEA);
    await b.getByTestId('conversation-row').filter({ hasText: 'Cleo Customer' }).click();
    await b.waitForURL(/\/inbox\/\d+/);
    conversationId = Number(/\/inbox\/(\d+)/.exec(b.url())![1]);
    await b.getByTestId('assignee-select').selectOption(String(anaId));
    // A has no tab open yet: offline, said in words as well as by colour.
    await expect.poll(() => dotOfAssignee().getAttribute('data-presence')).toBe('offline');
    expect(await dotOfAssignee().getAttribute('aria-label')).toBe('Assignee: Offline');
    await b.locator('[data-testid="conversation-row"] [data-testid="presence-dot"][data-presence="offline"]').waitFor();

    a = await newPage();
    await signInByCookie(a, s.snorq.url, SANDBOX_AGENT);
    await expect.poll(() => dotOfAssignee().getAttribute('data-presence')).toBe('online');
    expect(await b.getByTestId('assignee-select').locator(`option[value="${anaId}"]`).textContent()).toBe('Ana Lopez — Online');

    await a.getByTestId('presence-menu').click();
    await a.getByTestId('presence-choice-away').click();
    await expect.poll(() => dotOfAssignee().getAttribute('data-presence')).toBe('away');
    await b.locator('[data-testid="conversation-row"] [data-testid="presence-dot"][data-presence="away"]').waitFor();
    await a.getByTestId('presence-menu').click();
    await a.getByTestId('presence-choice-auto').click();
    await expect.poll(() => dotOfAssignee().getAttribute('data-presence')).toBe('online');
  });

  it('B sees A viewing, then typing, in the conversation both have open', { timeout: 60_000 }, async () => {
    await a.goto(`${s.snorq.url}/inbox/${conversationId}`);
    const seenByB = b.getByTestId('conversation-activity');
    await seenByB.filter({ hasText: 'Ana Lopez is viewing this conversation' }).waitFor();
    await a.getByTestId('conversation-activity').filter({ hasText: 'Bea Second is viewing this conversation' }).waitFor();
    expect(await seenByB.getAttribute('aria-live')).toBe('polite');

    await a.getByTestId('composer').fill('Yes, it left the warehouse this morning.');
    await seenByB.filter({ hasText: 'Ana Lopez is typing…' }).waitFor();
  });

  it('B is asked before answering a customer A has just answered, and sends anyway with Enter', { timeout: 60_000 }, async () => {
    await a.getByTestId('composer').press('Enter');
    const reply = b.getByTestId('message').filter({ hasText: 'it left the warehouse' });
    await reply.waitFor();
    expect(await reply.locator('.message-author__name').textContent()).toBe('Ana Lopez');
    // Her reply ends her typing.
    await b.getByTestId('conversation-activity').filter({ hasText: 'Ana Lopez is viewing this conversation' }).waitFor();

    await b.getByTestId('composer').fill('It should arrive tomorrow.');
    await b.getByTestId('composer').press('Enter');
    const warning = b.getByTestId('collision-warning');
    await warning.waitFor();
    expect(await warning.getAttribute('data-kind')).toBe('replied');
    expect(await warning.textContent()).toMatch(/^Ana Lopez replied .+ — send anyway\?/);
    // Nothing went out: the text is still there, and A's reply is the newest.
    expect(await b.getByTestId('composer').inputValue()).toBe('It should arrive tomorrow.');
    expect(await b.getByTestId('message').filter({ hasText: 'arrive tomorrow' }).count()).toBe(0);

    await b.getByTestId('composer').press('Enter');
    const mine = b.getByTestId('message').filter({ hasText: 'arrive tomorrow' });
    await mine.waitFor();
    await warning.waitFor({ state: 'detached' });
    expect(await b.getByTestId('composer').inputValue()).toBe('');
    expect(await mine.locator('.message-author__name').textContent()).toBe('Bea Second');
    // A sees Bea's reply signed by her.
    await a.getByTestId('message').filter({ hasText: 'arrive tomorrow' }).locator('.message-author__name').filter({ hasText: 'Bea Second' }).waitFor();
  });

  it('A mentions B in a note through the @ menu; B is told, and the note shows its author and the mention', { timeout: 60_000 }, async () => {
    await a.getByTestId('note-toggle').click();
    const composer = a.getByTestId('composer');
    await composer.fill('');
    await composer.pressSequentially('Please follow up, @be');
    const menu = a.getByTestId('mention-menu');
    await menu.getByTestId('mention-option').filter({ hasText: 'Bea Second' }).waitFor();
    expect(await menu.getByTestId('mention-option').count()).toBe(1);
    expect(await composer.getAttribute('aria-activedescendant')).toBe('mention-0');
    await composer.press('Enter');
    await expect.poll(() => composer.inputValue()).toBe('Please follow up, @Bea Second ');
    await menu.waitFor({ state: 'detached' });
    await composer.pressSequentially('thanks');
    await composer.press('Enter');

    const toast = b.getByTestId('mention-toast');
    await toast.filter({ hasText: 'Ana Lopez mentioned you' }).waitFor();
    const note = b.locator('[data-testid="message"].bubble-row--note').filter({ hasText: 'Please follow up' });
    await note.waitFor();
    expect(await note.locator('.message-author__name').textContent()).toBe('Ana Lopez');
    expect(await note.getByTestId('mention').textContent()).toBe('@Bea Second');
    expect(await note.locator('.bubble__text').textContent()).toBe('Please follow up, @Bea Second thanks');
  });

  it('the people settings show each agent’s presence, kept live', { timeout: 60_000 }, async () => {
    await a.goto(`${s.snorq.url}/settings/users`);
    const beaDot = a.locator(`[data-testid="user-row"][data-email="${BEA.email}"] [data-testid="presence-dot"]`);
    await expect.poll(() => beaDot.getAttribute('data-presence')).toBe('online');
    await b.getByTestId('presence-menu').click();
    await b.getByTestId('presence-choice-offline').click();
    await expect.poll(() => beaDot.getAttribute('data-presence')).toBe('offline');
  });
});
