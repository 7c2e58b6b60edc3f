/**
 * `npm run screenshots`: the pages of snorq as a person sees them, at a desktop and a phone width,
 * into docs/screenshots/. It starts the built snorq exactly as `npm start` does (sandbox, demo
 * conversations) on a throwaway DATA_DIR and free ports, signs in as the admin, and visits every
 * page of the navigation, the settings list included, so a new page appears here without an edit.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { freePort } from '../src/db/free-port.ts';
import { SETTINGS_PAGES } from '../web/src/pages/settings/settings-pages.ts';
import type { PageGlobals } from '../test/helpers/page-globals.ts';

const OUT = path.resolve('docs/screenshots');
const ADMIN = { email: 'admin@screenshots.test', password: 'screenshots password 1' };
/** `SCREENSHOTS_ONLY=forward-dialog,inbox` takes only those pictures (each at both widths). */
const ONLY = process.env['SCREENSHOTS_ONLY']?.split(',') ?? null;
const wanted = (name: string) => !ONLY || ONLY.includes(name);
const WIDTHS = [
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
];

async function startSnorq(): Promise<{ url: string; stop: () => Promise<void> }> {
  for (const step of ['scripts/build-web.js', 'scripts/build-server.js']) {
    if (spawnSync(process.execPath, [step, '--if-stale'], { stdio: 'inherit' }).status !== 0) throw new Error(`${step} failed`);
  }
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'snorq-screenshots-'));
  const [port, simulatorPort] = [await freePort(), await freePort()];
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    SIMULATOR_PORT: String(simulatorPort),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    WEBHOOK_ALLOWED_PRIVATE_NETWORKS: 'loopback',
  };
  const child = spawn(process.execPath, ['dist/server/main.js'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  // Ready when /readyz says so; the child's exit before that is a failure to start.
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`snorq exited with ${code} before it was ready`))));
  const ready = (async () => {
    for (;;) {
      const ok = await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  await Promise.race([ready, exited]);
  const stop = async () => {
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await gone;
    await fs.rm(dataDir, { recursive: true, force: true });
  };
  return { url, stop };
}

/**
 * What a team has after a week, added through the API as the pages would add it, so that the
 * settings pages are not pictured empty: canned responses, labels (one on a conversation), an
 * API token, a contact's typed attribute and an outgoing webhook.
 */
async function seedContent(url: string): Promise<void> {
  const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  const { token } = (await login.json()) as { token: string };
  const api = async (path: string, body: unknown) => {
    const r = await fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!r.ok) console.warn(`seeding ${path}: ${r.status} ${await r.text()}`);
    return r;
  };
  await api('/api/v1/canned-responses', { shortcut: 'hours', content: 'Hi {{contact.first_name}}, we answer every day from 8:00 to 20:00.' });
  await api('/api/v1/canned-responses', { shortcut: 'tracking', content: 'Your parcel is on its way, {{contact.first_name}}: you will get the tracking link by e-mail today. — {{agent.first_name}}' });
  await api('/api/v1/canned-responses', { shortcut: 'refund', content: 'We have refunded your order; the money is back on your card within 5 working days.' });
  for (const [name, color] of [
    ['VIP', '#7c3aed'],
    ['refund', '#b91c1c'],
    ['shipping', '#0f766e'],
  ]) {
    await api('/api/v1/labels', { name, color });
  }
  await api('/api/v1/tokens', { name: 'CRM sync', expiresInDays: 365 });
  // Response targets, so that the list shows each waiting customer's SLA clock.
  await fetch(`${url}/api/v1/sla-targets`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      targets: ['low', 'normal', 'high', 'urgent'].map((priority, i) => ({ priority, firstResponseMinutes: [480, 240, 60, 15][i], nextResponseMinutes: [480, 240, 60, 15][i] })),
    }),
  });
  await api('/api/v1/contact-attributes', { key: 'orders', label: 'Orders', type: 'number' });
  // No public address is reachable from here: the subscription points at this snorq's own health
  // endpoint on the loopback (allowed for this run only), which answers its POSTs with 404.
  await api('/api/v1/webhook-subscriptions', { url: `${url}/healthz`, events: ['message.created', 'conversation.updated'] });
  // The clocks are worked out by a periodic job: wait for the first, so the list is pictured with them.
  for (let tries = 0; tries < 120; tries++) {
    const page = (await (await fetch(`${url}/api/v1/conversations?limit=50`, { headers: { authorization: `Bearer ${token}` } })).json()) as { conversations: { sla: unknown }[] };
    if (page.conversations.some((c) => c.sla)) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const list = (await (await fetch(`${url}/api/v1/conversations?limit=2`, { headers: { authorization: `Bearer ${token}` } })).json()) as { conversations: { id: number }[] };
  for (const c of list.conversations) {
    await fetch(`${url}/api/v1/conversations/${c.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ labels: ['VIP'] }),
    });
  }
}

/** Every address worth a picture: the main pages, one open conversation and contact, each settings page. */
async function addresses(page: Page, url: string): Promise<Array<{ name: string; path: string }>> {
  const list = [
    { name: 'inbox', path: '/inbox' },
    { name: 'dashboard', path: '/dashboard' },
    { name: 'contacts', path: '/contacts' },
  ];
  await page.goto(`${url}/inbox`);
  const row = page.getByTestId('conversation-row').first();
  await row.waitFor();
  await row.click();
  await page.waitForURL(/\/inbox\/\d+/);
  list.push({ name: 'conversation', path: new URL(page.url()).pathname });
  // The contacts list renders once its request answers: wait for a row, not for the page's shell.
  await page.goto(`${url}/contacts`);
  const contact = page.locator('a[href^="/contacts/"]').first();
  await contact.waitFor();
  list.push({ name: 'contact', path: (await contact.getAttribute('href')) ?? '/contacts' });
  return [...list, ...SETTINGS_PAGES.map((p) => ({ name: `settings-${p.id}`, path: p.path }))];
}

/**
 * The parts of a conversation that open on demand, each on a freshly loaded WhatsApp thread (it
 * takes attachments, voice notes and choices): the forward dialog, the attachment tray, the voice
 * recorder (Chromium's fake microphone), the choices panel; and the list sorted by SLA clock.
 */
async function openedParts(page: Page, url: string): Promise<Array<{ name: string; path: string; open: (p: Page) => Promise<unknown>; tall?: boolean }>> {
  await page.goto(`${url}/inbox`);
  const row = page.locator('[data-testid="conversation-row"][data-platform="whatsapp"]').first();
  await row.waitFor();
  const thread = `/inbox/${await row.getAttribute('data-conversation-id')}`;
  return [
    { name: 'inbox-sla', path: '/inbox?sort=sla', open: (p) => p.getByTestId('conversation-row').getByTestId('sla-tag').first().waitFor({ timeout: 30_000 }) },
    { name: 'forward-dialog', path: thread, open: async (p) => (await p.getByTestId('forward-button').first().click(), await p.getByTestId('forward-dialog').waitFor()) },
    {
      name: 'attachment-tray',
      path: thread,
      open: async (p) => {
        // A picture the tray can preview: snorq's own icon.
        await p.getByTestId('attach-input').setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: await fs.readFile('web/public/icon-192.png') });
        await p.locator('[data-testid="tray-item"][data-state="ready"]').waitFor();
        await p.getByTestId('composer').fill('Here is the receipt you asked for.');
      },
    },
    { name: 'voice-recorder', path: thread, open: async (p) => (await p.getByTestId('voice-record').click(), await p.getByTestId('voice-stop').waitFor()) },
    {
      name: 'choices-panel',
      path: thread,
      open: async (p) => (await p.getByTestId('composer').fill('Which size would you like?'), await p.getByTestId('interactive-toggle').click(), await p.getByTestId('interactive-panel').waitFor()),
      // The open panel is taller than the thread leaves it: pictured on a taller screen, whole.
      tall: true,
    },
  ];
}

/**
 * What a person sees once the page has settled: the network quiet, the live connection up (the
 * badge says "reconnecting" while a fresh page connects) and no "Loading…" left in the page.
 * Pictures, not assertions: under load a page may take longer, and is pictured as it is then.
 */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page
    .locator('[data-testid="connection-state"][data-state="live"]')
    .waitFor({ timeout: 15_000 })
    .catch(() => undefined);
  await page.waitForFunction(() => !/Loading/.test((globalThis as unknown as PageGlobals).document.querySelector('main')?.textContent ?? ''), null, { timeout: 15_000 }).catch(() => undefined);
}

async function main(): Promise<void> {
  const snorq = await startSnorq();
  await seedContent(snorq.url);
  // The fake microphone and its allowed prompt: the voice recorder is pictured recording.
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
  });
  try {
    await fs.mkdir(OUT, { recursive: true });
    for (const width of WIDTHS) {
      const page = await browser.newPage({ viewport: width.viewport, locale: 'en-GB', colorScheme: 'light' });
      await page.goto(`${snorq.url}/`);
      await page.getByTestId('login-email').fill(ADMIN.email);
      await page.getByTestId('login-password').fill(ADMIN.password);
      await page.getByTestId('login-submit').click();
      await page.waitForURL(/\/inbox/);
      for (const a of (await addresses(page, snorq.url)).filter((a) => wanted(a.name))) {
        await page.goto(`${snorq.url}${a.path}`);
        await settled(page);
        await page.screenshot({ path: path.join(OUT, `${a.name}-${width.name}.png`) });
        console.log(`docs/screenshots/${a.name}-${width.name}.png`);
      }
      for (const a of (await openedParts(page, snorq.url)).filter((a) => wanted(a.name))) {
        if (a.tall) await page.setViewportSize({ width: width.viewport.width, height: Math.round(width.viewport.height * 1.5) });
        await page.goto(`${snorq.url}${a.path}`);
        await settled(page);
        await a.open(page);
        await page.screenshot({ path: path.join(OUT, `${a.name}-${width.name}.png`) });
        await page.setViewportSize(width.viewport);
        console.log(`docs/screenshots/${a.name}-${width.name}.png`);
      }
      await page.close();
    }
  } finally {
    await browser.close();
    await snorq.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
