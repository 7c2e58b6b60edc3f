import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebApp, hasChromium } from '../helpers/browser.ts';
import { openBrowser, signInByCookie, type FileBrowser } from '../helpers/browser-fixture.ts';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * SLA clocks in a browser: with a 60-minute first-response target, three customers who wrote 90,
 * 50 and 0 minutes ago (their messages' own timestamps, through the simulator) show as overdue, at
 * risk and due in the list, each badge with its words; "SLA" orders them by due time; the
 * dashboard's "at risk" link opens exactly the one at risk; and when the target shrinks (through
 * the API) that row leaves the open "at risk" view for "overdue" on the server's announcement,
 * with no reload. Times come from the messages and the API, never from waiting.
 */
const MINUTE = 60_000;

describe.skipIf(!hasChromium)('SLA badges, sort and the dashboard link', () => {
  let s: SandboxedSnorq;
  let browser: FileBrowser;
  const contexts: BrowserContext[] = [];
  const ids: Record<'late' | 'risk' | 'fresh', number> = { late: 0, risk: 0, fresh: 0 };
  const newPage = async (width: number): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    contexts.push(context);
    return context.newPage();
  };
  const customerWrites = async (id: string, name: string, minutesAgo: number): Promise<number> => {
    const sent = await s.simulator.customers.send('whatsapp', {
      accountId: s.account('whatsapp').accountId,
      customer: { id, name },
      text: 'Is anyone there?',
      timestamp: Date.now() - minutesAgo * MINUTE,
    });
    return eventually(async () => (await s.snorq.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', sent.externalId!).executeTakeFirst())?.conversation_id);
  };
  const setTarget = async (minutes: number) => {
    const res = await s.api('/api/v1/sla-targets', { method: 'PUT', json: { targets: [{ priority: 'normal', firstResponseMinutes: minutes, nextResponseMinutes: null }] } });
    expect(res.status).toBe(200);
  };
  /** The rows of this test's customers, in the list's order (the sandbox may hold others). */
  const rowIds = async (page: Page) => {
    const all = await page.getByTestId('conversation-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-conversation-id'))));
    return all.filter((id) => Object.values(ids).includes(id));
  };
  const tag = (page: Page, id: number) => page.locator(`[data-testid="conversation-row"][data-conversation-id="${id}"] [data-testid="sla-tag"]`);

  beforeAll(async () => {
    buildWebApp();
    s = await startSandboxedSnorq();
    await setTarget(60);
    ids.late = await customerWrites('4917300000001', 'Lena Late', 90);
    ids.risk = await customerWrites('4917300000002', 'Rita Risk', 50);
    ids.fresh = await customerWrites('4917300000003', 'Fred Fresh', 0);
    // The routing worker gives each wait its clock and announces the late one's breach.
    await eventually(async () => {
      const rows = await s.snorq.ctx.db.selectFrom('conversations').select(['id', 'sla_due_at', 'sla_breached_at']).where('id', 'in', Object.values(ids)).execute();
      return rows.length === 3 && rows.every((r) => r.sla_due_at) && rows.find((r) => r.id === ids.late)?.sla_breached_at;
    }, 'each wait’s clock and the late one’s breach');
    browser = await openBrowser();
  }, 180_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await s?.close();
  });

  it('shows each clock as words and an icon, orders by due time, and links the dashboard to those at risk', { timeout: 120_000 }, async () => {
    const page = await newPage(1280);
    await signInByCookie(page, s.snorq.url, undefined, { live: false, path: '/inbox?status=any' });
    await tag(page, ids.fresh).waitFor();
    expect(await tag(page, ids.late).getAttribute('data-sla-state')).toBe('breached');
    expect(await tag(page, ids.late).textContent()).toMatch(/Overdue \d+m/);
    expect(await tag(page, ids.risk).getAttribute('data-sla-state')).toBe('at_risk');
    expect(await tag(page, ids.risk).textContent()).toMatch(/At risk: \d+m left/);
    expect(await tag(page, ids.fresh).getAttribute('data-sla-state')).toBe('due');
    expect(await tag(page, ids.late).getAttribute('title')).toMatch(/^First response due /);
    // Newest first by default; "SLA" puts the nearest due time first.
    expect(await rowIds(page)).toEqual([ids.fresh, ids.risk, ids.late]);
    await page.getByTestId('filter-sort').selectOption('sla');
    await page.waitForURL(/sort=sla/);
    await eventually(async () => (await rowIds(page)).join() === [ids.late, ids.risk, ids.fresh].join());

    await page.goto(`${s.snorq.url}/dashboard`);
    const atRisk = page.getByTestId('kpi-sla-at-risk');
    await atRisk.filter({ hasText: '1' }).waitFor();
    await atRisk.click();
    await page.waitForURL(/sla=at_risk/);
    await tag(page, ids.risk).waitFor();
    expect(await rowIds(page)).toEqual([ids.risk]);
    // Exactly those at risk: every row the link opened is.
    const states = await page.locator('[data-testid="conversation-row"] [data-testid="sla-tag"]').evaluateAll((tags) => tags.map((x) => x.getAttribute('data-sla-state')));
    expect(new Set(states)).toEqual(new Set(['at_risk']));
    expect(states.length).toBe(await page.getByTestId('conversation-row').count());
  });

  it('a row at risk leaves the open "at risk" view for "overdue" when its breach is announced, without a reload', { timeout: 120_000 }, async () => {
    const page = await newPage(390);
    await signInByCookie(page, s.snorq.url, undefined, { path: '/inbox?status=any&sla=at_risk&sort=sla' });
    await tag(page, ids.risk).waitFor();
    // 40 minutes instead of 60: Rita's answer was due 10 minutes ago. The clock moves and the breach is announced in the same pass.
    await setTarget(40);
    await page.locator(`[data-testid="conversation-row"][data-conversation-id="${ids.risk}"]`).waitFor({ state: 'detached' });
    const breached = await s.snorq.ctx.db.selectFrom('conversations').select('sla_breached_at').where('id', '=', ids.risk).executeTakeFirstOrThrow();
    expect(breached.sla_breached_at).not.toBeNull();
    await page.goto(`${s.snorq.url}/inbox?status=any&sla=breached&sort=sla`);
    await tag(page, ids.risk)
      .filter({ hasText: /Overdue \d+m/ })
      .waitFor();
    expect(await rowIds(page)).toEqual([ids.late, ids.risk]);
  });
});
