import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import type { Page } from 'playwright-core';

/**
 * The Chromium the browser tests drive: Debian's old headless shell (`chromium-headless-shell`, the
 * same engine as Debian's Chromium without the full browser's windowing and UI layers; CI installs
 * it) where present, else Debian's Chromium; `SNORQ_CHROMIUM` names another. The shell spends
 * ~0.6–0.7× of the full browser's CPU on the same files (all 33 browser files: 112.2 s against
 * 182.7 s; three of them twice each, alternating: 24.8, 24.1 s against 33.3 s), and the browser
 * files are most of the suite's CPU (CONTRIBUTING, "The suite's time"). Browser tests skip where
 * neither exists.
 */
export const CHROMIUM = [process.env.SNORQ_CHROMIUM, '/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find((path): path is string => !!path && fs.existsSync(path)) ?? '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);

/** English unless a test asks for another language (a context's `locale`): the tests read English texts. */
export const CHROMIUM_ARGS = [
  '--lang=en-US',
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // A fake microphone (Chromium's beeps) and its permission prompt answered "allow", for the
  // voice-note test; only getUserMedia sees them, and only the composer's voice recorder calls it.
  // Media may play without a gesture (the test plays the recording's preview from a script); the
  // app starts nothing by itself (its chime waits for the person's first click or key).
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];

let webAppChecked = false;

/**
 * The web app must be built for snorq to serve it (npm start does this too). The run's global
 * set-up builds it before any file starts; this checks it once per worker (vitest.config.ts
 * `isolate: false` keeps this module across the worker's files), not once per browser file.
 */
export function buildWebApp(): void {
  if (webAppChecked) return;
  const r = spawnSync(process.execPath, ['scripts/build-web.js', '--if-stale'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('building the web app failed');
  webAppChecked = true;
}

/** The sandbox's agent, as test/helpers/sandboxed-snorq.ts creates it. */
export const SANDBOX_AGENT = { email: 'agent@sandbox.test', password: 'sandbox password 1' };

/** Signs in through the sign-in page and waits for the inbox; `live` also waits for its socket. */
export async function signIn(page: Page, baseUrl: string, user: { email: string; password: string } = SANDBOX_AGENT, { live = true } = {}): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByTestId('login-email').fill(user.email);
  await page.getByTestId('login-password').fill(user.password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(/\/inbox/);
  if (live) await page.locator('[data-testid="connection-state"][data-state="live"]').waitFor();
}
