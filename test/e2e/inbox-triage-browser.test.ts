import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebApp, hasChromium } from '../helpers/browser.ts';
import { openBrowser, signInByCookie, type FileBrowser } from '../helpers/browser-fixture.ts';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * Who is waiting comes first: the inbox opens on open conversations, the "waiting for us" view
 * puts the longest wait first, a reply previews as "You:", and the view (filters, order, search)
 * lives in the address so a reload keeps it.
 */

describe.skipIf(!hasChromium)('triage in the inbox', () => {
  let s: SandboxedSnorq;
  let browser: FileBrowser;
  let page: Page;
  const ids: Record<string, number> = {};
  const names = () => page.getByTestId('conversation-row').evaluateAll((els) => els.map((el) => el.querySelector('.conv-row__name')?.textContent ?? ''));
  const ours = async () => (await names()).filter((n) => n.startsWith('Triage '));

  /** A WhatsApp customer writes `minutesAgo` minutes ago; returns their conversation. */
  async function writes(name: string, minutesAgo: number): Promise<number> {
    const sent = await s.simulator.customers.send('whatsapp', {
      accountId: s.account('whatsapp').accountId,
      customer: { id: `4917600009${String(minutesAgo).padStart(2, '0')}`, name },
      text: `${name} needs help`,
      timestamp: Date.now() - minutesAgo * 60_000,
    });
    expect(sent.status, sent.body).toBe(200);
    const row = await s.snorq.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', sent.externalId!).executeTakeFirstOrThrow();
    return row.conversation_id;
  }

  beforeAll(async () => {
    buildWebApp();
    s = await startSandboxedSnorq({ autoReceipts: false });
    ids.old = await writes('Triage Oldest', 30);
    ids.mid = await writes('Triage Middle', 20);
    ids.answered = await writes('Triage Answered', 10);
    ids.done = await writes('Triage Resolved', 5);
    const reply = await s.api('/api/messages', { json: { conversationId: ids.answered, content: 'On its way' } });
    expect(reply.status).toBe(201);
    await eventually(async () => (await s.snorq.ctx.db.selectFrom('messages').select('status').where('content', '=', 'On its way').executeTakeFirst())?.status === 'sent');
    expect((await s.api(`/api/v1/conversations/${ids.done}`, { method: 'PATCH', json: { status: 'resolved' } })).status).toBe(200);
    browser = await openBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signInByCookie(page, s.snorq.url);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('opens on open conversations, newest first, and previews our reply as "You:"', async () => {
    await expect.poll(ours).toEqual(['Triage Answered', 'Triage Middle', 'Triage Oldest']);
    expect(await page.getByTestId('filter-status').inputValue()).toBe('open');
    const answered = page.locator(`[data-conversation-id="${ids.answered}"] .conv-row__preview`);
    expect(await answered.textContent()).toBe('You: On its way');
    await page.getByTestId('filter-status').selectOption('');
    // Our reply is the newest activity of all.
    await expect.poll(ours).toEqual(['Triage Answered', 'Triage Resolved', 'Triage Middle', 'Triage Oldest']);
    expect(new URL(page.url()).searchParams.get('status')).toBe('any');
    await page.getByTestId('filter-status').selectOption('open');
    await expect.poll(() => new URL(page.url()).search).toBe('');
  });

  it('shows who waits longest first, and a reload or a shared link keeps the view and the search', async () => {
    await page.getByTestId('filter-waiting').check();
    await expect.poll(ours).toEqual(['Triage Oldest', 'Triage Middle']);
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({ waiting: '1', sort: 'waiting' });

    // Opening a conversation keeps the view in the address; so does going back to the list.
    await page.locator(`[data-conversation-id="${ids.mid}"]`).click();
    await page.waitForURL((u) => u.pathname === `/inbox/${ids.mid}` && u.searchParams.get('waiting') === '1');
    await page.reload();
    await expect.poll(ours).toEqual(['Triage Oldest', 'Triage Middle']);
    expect(await page.getByTestId('filter-waiting').isChecked()).toBe(true);
    expect(await page.getByTestId('filter-sort').inputValue()).toBe('waiting');

    // Answering the oldest from the thread takes it out of the waiting view, live.
    await page.locator(`[data-conversation-id="${ids.old}"]`).click();
    await page.getByTestId('composer').fill('Sorry for the wait');
    await page.getByTestId('composer').press('Enter');
    await expect.poll(ours).toEqual(['Triage Middle']);

    // The search lives in the address too.
    const shared = await browser.newPage({ viewport: { width: 390, height: 800 } });
    await shared.context().addCookies(await page.context().cookies());
    await shared.goto(`${s.snorq.url}/inbox?q=needs`);
    expect(await shared.getByTestId('search-input').inputValue()).toBe('needs');
    await shared.getByTestId('search-result').first().waitFor();
    await shared.close();
  });
});
