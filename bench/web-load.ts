import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { sharedChromium } from '../test/helpers/browser-fixture.ts';
import { hasChromium, SANDBOX_AGENT } from '../test/helpers/browser.ts';
import { followRequests } from '../test/helpers/move-in-app.ts';
import { eventually, startSandboxedSnorq } from '../test/helpers/sandboxed-snorq.ts';

/**
 * What a full load of a page of the web app costs: the JavaScript fetched and Chromium's CPU, for
 * one or more builds of web/dist measured in turns in the same run (not part of `npm run bench`).
 *
 *   WEB_LOAD_DISTS=base=/tmp/base-dist,new=/tmp/new-dist npx vitest run --config bench/web-load.config.ts
 *
 * snorq serves web/dist, read once as it starts; for each round and build, web/dist becomes a link
 * to that build's copy (the real web/dist is set aside and put back at the end), a sandboxed snorq
 * starts with a few conversations, and each page is loaded WEB_LOAD_COUNT times (default 12):
 *
 * - `first`: a fresh context each time (no HTTP cache, no V8 code cache): an agent's first visit,
 *   and each browser test file's first load;
 * - `again`: `page.goto` in the same context: a reload, and a browser test's later full loads.
 *
 * A load is done when the app's socket is live, the page's `main` is drawn and no request of the
 * page is pending after two frames (move-in-app.ts). Per load: the bytes of JavaScript the page
 * fetched (resource timing's decoded size; snorq sends assets uncompressed), Chromium's CPU (every
 * live process of the browser's tree from /proc: browser, GPU, network, renderer) and the
 * renderer's main-thread figures from CDP's Performance.getMetrics (ScriptDuration, TaskDuration).
 * The copies' index.html must be newer than web/'s sources, else the run's global set-up
 * rebuilds into the link: `touch <copy>/index.html` first.
 */
const DISTS = (process.env['WEB_LOAD_DISTS'] ?? '')
  .split(',')
  .filter(Boolean)
  .map((d) => {
    const [label, dir] = d.split('=') as [string, string];
    if (!dir || !fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`WEB_LOAD_DISTS: ${d} is not label=<a built web/dist>`);
    return { label, dir: path.resolve(dir) };
  });
const COUNT = Number(process.env['WEB_LOAD_COUNT'] ?? 12);
const ROUNDS = Number(process.env['WEB_LOAD_ROUNDS'] ?? 2);
const PAGES = (process.env['WEB_LOAD_PAGES'] ?? '/inbox,/settings,/dashboard').split(',');
const DIST = path.resolve('web/dist');
const ASIDE = path.resolve('web/dist.web-load-aside');

interface Load {
  jsBytes: number;
  jsFiles: number;
  cpu: number;
  script: number;
  task: number;
}

/** CPU seconds (utime + stime) of each live process under `root`, by pid. */
function treeCpu(root: number): Map<number, number> {
  const stat = new Map<number, { ppid: number; cpu: number }>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const s = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      stat.set(Number(entry), { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / 100 });
    } catch {
      // exited meanwhile
    }
  }
  const out = new Map<number, number>();
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    out.set(pid, stat.get(pid)?.cpu ?? 0);
    for (const [child, s] of stat) if (s.ppid === pid) stack.push(child);
  }
  return out;
}

/** What the live processes used between two readings; processes that exited meanwhile are left out (a closed context's renderer). */
function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, cpu] of after) sum += cpu - (before.get(pid) ?? 0);
  return sum;
}

function chromiumPid(): number {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const s = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      if (Number(f[1]) === process.pid && s.includes('(chrom')) return Number(entry);
    } catch {
      // exited meanwhile
    }
  }
  throw new Error('no Chromium under this process');
}

const sessions = new WeakMap<Page, Promise<CDPSession>>();

/** The renderer's main-thread figures; counted only while the domain is enabled, so one session per page, enabled before its first load. */
async function metrics(page: Page): Promise<{ script: number; task: number }> {
  let session = sessions.get(page);
  if (!session) {
    session = page
      .context()
      .newCDPSession(page)
      .then(async (cdp) => {
        await cdp.send('Performance.enable');
        return cdp;
      });
    sessions.set(page, session);
  }
  const { metrics: m } = await (await session).send('Performance.getMetrics');
  const get = (name: string) => m.find((x) => x.name === name)?.value ?? 0;
  return { script: get('ScriptDuration'), task: get('TaskDuration') };
}

async function load(page: Page, url: string, chromium: number): Promise<Load> {
  const moves = followRequests(page);
  const before = await metrics(page);
  const cpuBefore = treeCpu(chromium);
  await page.goto(url);
  await page.locator('[data-testid="connection-state"][data-state="live"]').waitFor();
  await page.locator('main').first().waitFor();
  await moves.settled();
  const cpuAfter = treeCpu(chromium);
  const after = await metrics(page);
  const js = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => new URL(e.name).pathname.endsWith('.js'))
      .map((e) => (e as unknown as { decodedBodySize: number }).decodedBodySize),
  );
  // A fresh page's first navigation may change renderer process: its figures start from zero.
  const diff = (a: number, b: number) => (a >= b ? a - b : a);
  return { jsBytes: js.reduce((a, b) => a + b, 0), jsFiles: js.length, cpu: cpuBetween(cpuBefore, cpuAfter), script: diff(after.script, before.script), task: diff(after.task, before.task) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

it.skipIf(!hasChromium || DISTS.length === 0)(
  'measures full loads of the web app',
  async () => {
    const results = new Map<string, Load[]>();
    const add = (key: string, l: Load) => results.set(key, [...(results.get(key) ?? []), l]);
    const browser: Browser = await sharedChromium();
    const chromium = chromiumPid();
    if (fs.existsSync(DIST) && !fs.lstatSync(DIST).isSymbolicLink()) fs.renameSync(DIST, ASIDE);
    try {
      for (let round = 0; round < ROUNDS; round++) {
        for (const { label, dir } of round % 2 ? [...DISTS].reverse() : DISTS) {
          fs.rmSync(DIST, { force: true });
          fs.symlinkSync(dir, DIST);
          const s = await startSandboxedSnorq();
          try {
            for (const [i, name] of ['Ada Load', 'Ben Load', 'Cleo Load', 'Dan Load'].entries()) {
              await s.simulator.customers.send('whatsapp', { accountId: s.account('whatsapp').accountId, customer: { id: `49176000099${i}`, name }, text: `Hello ${i}` });
            }
            await eventually(async () => ((await (await s.api('/api/v1/conversations')).json()) as { conversations: unknown[] }).conversations.length >= 4);
            const res = await fetch(`${s.snorq.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(SANDBOX_AGENT) });
            const cookie = /^([^=]+)=([^;]*)/.exec(res.headers.get('set-cookie')!)!;
            const cookies = [{ name: cookie[1]!, value: cookie[2]!, url: s.snorq.url }];
            for (const p of PAGES) {
              const url = `${s.snorq.url}${p}`;
              // A first load (warms snorq's own caches and the page's queries) is left out.
              const again: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
              await again.addCookies(cookies);
              const reused = await again.newPage();
              await load(reused, url, chromium);
              for (let n = 0; n < COUNT; n++) {
                const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 } });
                await fresh.addCookies(cookies);
                const page = await fresh.newPage();
                add(`${label} ${p} first`, await load(page, url, chromium));
                await fresh.close();
                add(`${label} ${p} again`, await load(reused, url, chromium));
              }
              await again.close();
            }
          } finally {
            await s.close();
          }
        }
      }
    } finally {
      fs.rmSync(DIST, { force: true });
      if (fs.existsSync(ASIDE)) fs.renameSync(ASIDE, DIST);
    }
    const rows = [...results].map(([key, ls]) => ({
      key,
      n: ls.length,
      jsKB: Math.round(median(ls.map((l) => l.jsBytes)) / 1000),
      jsFiles: median(ls.map((l) => l.jsFiles)),
      cpuMs: Math.round(median(ls.map((l) => l.cpu)) * 1000),
      scriptMs: Math.round(median(ls.map((l) => l.script)) * 1000),
      taskMs: Math.round(median(ls.map((l) => l.task)) * 1000),
    }));
    rows.sort((a, b) => a.key.split(' ').slice(1).join(' ').localeCompare(b.key.split(' ').slice(1).join(' ')) || a.key.localeCompare(b.key));
    console.log(`medians of ${COUNT * ROUNDS} loads each (load average ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')})`);
    console.table(rows);
    if (process.env['WEB_LOAD_JSON']) fs.writeFileSync(process.env['WEB_LOAD_JSON'], JSON.stringify({ rows, loads: Object.fromEntries(results) }, null, 2));
    expect(rows.length).toBeGreaterThan(0);
  },
  3_600_000,
);
