import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (CI installs it); browser tests skip where it is absent. */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The web app must be built for snorq to serve it (npm start does this too). */
export function buildWebApp(): void {
  const r = spawnSync(process.execPath, ['scripts/build-web.js', '--if-stale'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('building the web app failed');
}
