import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { hasChromium } from '../helpers/browser.ts';
import { startBrowserSandbox, type FileBrowser } from '../helpers/browser-fixture.ts';
import { eventually, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * Choices in the browser: the agent writes a WhatsApp reply, adds three buttons (a fourth is not
 * offered), sends; the simulator receives the exact interactive message; the thread shows the
 * choices; the customer taps one and the answer appears in the thread. A title over WhatsApp's 20
 * characters is refused beside the field as it is typed, and nothing is sent. At 375 px the panel
 * fits the screen. Waits on the DOM and on recorded calls, never on time.
 */
describe.skipIf(!hasChromium)('interactive replies in the composer', () => {
  let s: SandboxedSnorq;
  let browser: FileBrowser;
  let page: Page;

  beforeAll(async () => {
    ({ s, browser, page } = await startBrowserSandbox({ sandbox: { autoReceipts: false }, page: { viewport: { width: 1200, height: 800 } } }));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  async function openConversationOf(id: string, name: string) {
    const sent = await s.simulator.customers.send('whatsapp', { accountId: s.account('whatsapp').accountId, customer: { id, name }, text: `Hello from ${name}` });
    expect(sent.status).toBe(200);
    const row = page.getByTestId('conversation-row').filter({ hasText: name });
    await row.waitFor();
    await row.click();
    await page
      .getByTestId('message')
      .filter({ hasText: `Hello from ${name}` })
      .waitFor();
  }

  it('three buttons on WhatsApp: sent in WhatsApp’s shape, shown in the thread, and the customer’s tap comes back', async () => {
    const customer = '4917322223333';
    await openConversationOf(customer, 'Bea Buttons');
    await page.getByTestId('composer').fill('Which colour would you like?');
    await page.getByTestId('interactive-toggle').click();
    await page.getByTestId('interactive-choice-0').fill('Blue');
    await page.getByTestId('interactive-choice-1').fill('Red');
    await page.getByTestId('interactive-add').click();
    await page.getByTestId('interactive-choice-2').fill('Green');
    // WhatsApp takes three reply buttons: a fourth is not offered.
    expect(await page.getByTestId('interactive-add').isDisabled()).toBe(true);
    await expect.poll(() => page.getByTestId('interactive-count').textContent()).toContain('3');
    const from = (s.simulator.recorded.last()?.seq ?? 0) + 1;
    // The customer's tap is made to overtake the recording of our send: WhatsApp's answer (its
    // message id) is held on its way to snorq until the tap is in the thread, so the tap is stored
    // before snorq knows which of its messages it quotes (a loaded whole run hit this by chance).
    s.simulator.faults.set({ platform: 'whatsapp', kind: 'slow' });
    onTestFinished(() => void s.simulator.faults.release());
    await page.getByTestId('interactive-send').click();

    const call = await eventually(async () =>
      s.simulator.recorded.list({ platform: 'whatsapp', method: 'POST' }).find((c) => c.seq >= from && (c.body as { type?: string }).type === 'interactive' && c.response !== undefined),
    );
    expect(call.status).toBeUndefined(); // made, not yet sent
    expect(call.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: customer,
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Which colour would you like?' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: '1_BLUE', title: 'Blue' } },
            { type: 'reply', reply: { id: '2_RED', title: 'Red' } },
            { type: 'reply', reply: { id: '3_GREEN', title: 'Green' } },
          ],
        },
      },
    });
    const bubble = page.getByTestId('message').filter({ hasText: 'Which colour would you like?' });
    await bubble.getByTestId('sent-choices').filter({ hasText: 'Green' }).waitFor();
    expect(await page.getByTestId('interactive-panel').count()).toBe(0);

    const wamid = (call.response as { messages: { id: string }[] }).messages[0]!.id;
    await s.simulator.customers.send('whatsapp', { accountId: s.account('whatsapp').accountId, customer: { id: customer }, kind: 'interactive', replyTo: wamid, payload: '2_RED' });
    // The answer is the customer's message, quoting the reply it answers.
    const answer = page.locator('[data-testid="message"][data-direction="inbound"]').filter({ hasText: 'Red' });
    await answer.waitFor();
    const stored = await s.snorq.ctx.db
      .selectFrom('messages')
      .select(['reply_to_message_id', 'reply_to_external_id'])
      .where('direction', '=', 'inbound')
      .where('content', '=', 'Red')
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ reply_to_message_id: null, reply_to_external_id: wamid });
    expect(await answer.getByTestId('quoted-reply').textContent()).toBe('original message');
    // Once the send is recorded (message:sent gives the thread its platform id) the quote names
    // it, and the server links the tap to the reply it quotes.
    expect(s.simulator.faults.release()).toBe(1);
    await expect.poll(() => answer.getByTestId('quoted-reply').textContent()).toBe('Which colour would you like?');
    const reply = await s.snorq.ctx.db.selectFrom('messages').select('id').where('external_id', '=', wamid).executeTakeFirstOrThrow();
    await expect
      .poll(
        async () =>
          (await s.snorq.ctx.db.selectFrom('messages').select('reply_to_message_id').where('direction', '=', 'inbound').where('content', '=', 'Red').executeTakeFirstOrThrow()).reply_to_message_id,
      )
      .toBe(reply.id);
    await page.screenshot({ path: '.test-data/interactive-sent.png' });
  });

  it('a title over 20 characters is refused beside the field as typed, and Send with choices sends nothing', async () => {
    await openConversationOf('4917322224444', 'Len Limits');
    await page.getByTestId('composer').fill('Pick one');
    await page.getByTestId('interactive-toggle').click();
    const title = page.getByTestId('interactive-choice-0');
    await title.fill('Extra large with long sleeves');
    const error = page.getByTestId('interactive-error').first();
    await error.waitFor();
    expect(await error.textContent()).toContain('29');
    expect(await title.getAttribute('aria-invalid')).toBe('true');
    const from = (s.simulator.recorded.last()?.seq ?? 0) + 1;
    await page.getByTestId('interactive-choice-1').fill('Small');
    await page.getByTestId('interactive-send').click();
    expect(await page.getByTestId('interactive-send').isDisabled()).toBe(true);
    expect(s.simulator.recorded.list({ platform: 'whatsapp', method: 'POST' }).filter((c) => c.seq >= from)).toEqual([]);
    await title.fill('Extra large');
    await expect.poll(() => page.getByTestId('interactive-error').count()).toBe(0);
  });

  it('fits a 375 px screen: the panel, its fields and buttons, nothing scrolls sideways', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    // A phone shows the list or the thread: open the thread by its address.
    const sent = await s.simulator.customers.send('whatsapp', { accountId: s.account('whatsapp').accountId, customer: { id: '4917322225555', name: 'Pia Phone' }, text: 'Hello from Pia' });
    const row = await eventually(async () => s.snorq.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', sent.externalId!).executeTakeFirst());
    await page.goto(`${s.snorq.url}/inbox/${row.conversation_id}`);
    await page.getByTestId('message').filter({ hasText: 'Hello from Pia' }).waitFor();
    await page.getByTestId('composer').fill('Which size?');
    if ((await page.getByTestId('interactive-panel').count()) === 0) await page.getByTestId('interactive-toggle').click();
    await page.getByTestId('interactive-kind-list').check();
    await page.getByTestId('interactive-list-button').fill('Sizes');
    await page.getByTestId('interactive-choice-0').fill('Small');
    const panel = page.getByTestId('interactive-panel');
    await panel.scrollIntoViewIfNeeded();
    const box = await panel.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(375);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await page.screenshot({ path: '.test-data/interactive-375.png', fullPage: true });
  });
});
