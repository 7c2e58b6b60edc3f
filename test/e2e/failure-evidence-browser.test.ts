import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../helpers/browser.ts';
import { openBrowser, type FileBrowser } from '../helpers/browser-fixture.ts';
import { evidenceDirOf } from '../helpers/failure-evidence.ts';

/**
 * A browser test that fails leaves what its page showed under test-results/ (each-file.ts's
 * afterEach, test/helpers/failure-evidence.ts): a screenshot, the page's text and its last console
 * errors. The first test fails on purpose (`it.fails`: vitest counts it passed because it failed,
 * and flips the result only after the afterEach hooks ran, which saw it failed); the second reads
 * what it left. The third fails on a page of a context it closes itself in a `finally`, as the
 * phone tests do; the fourth reads that this page was kept as it was when it closed. A page a
 * passing test closed is not carried into a later failure's evidence.
 */
const FAILING = 'a page check that fails';
const CLOSED = 'a check that fails on a phone page the test closes itself';
const LATER = 'a check that fails after a passing test closed a page';
let browser: FileBrowser;
let page: Page;

describe.skipIf(!hasChromium)('evidence of a failed browser test', () => {
  const file = path.resolve('test/e2e/failure-evidence-browser.test.ts');
  const dir = evidenceDirOf(file, `evidence of a failed browser test > ${FAILING}`);
  const closedDir = evidenceDirOf(file, `evidence of a failed browser test > ${CLOSED}`);
  const laterDir = evidenceDirOf(file, `evidence of a failed browser test > ${LATER}`);

  beforeAll(async () => {
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    browser = await openBrowser();
    page = await browser.newPage({ viewport: { width: 640, height: 400 } });
    await page.setContent('<main><h1>The inbox of evidence</h1><p>Row held by the cache: Ana Lima</p></main>');
    await page.evaluate(() => console.error('the cache dropped a contact update'));
  });
  afterAll(async () => {
    await browser?.close();
    // Evidence of failures that were meant is not left for CI to print as if the suite had failed.
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it.fails(FAILING, async () => {
    expect(await page.locator('h1').textContent()).toBe('A heading the page does not have');
  });

  it('left a screenshot, the page text and the console error', () => {
    const shot = fs.readFileSync(path.join(dir, 'page-1.png'));
    expect(shot.subarray(1, 4).toString()).toBe('PNG');
    const text = fs.readFileSync(path.join(dir, 'page-1.txt'), 'utf8');
    expect(text).toContain(`test: evidence of a failed browser test > ${FAILING}`);
    expect(text).toContain("failure: expected 'The inbox of evidence' to be 'A heading the page does not have'");
    expect(text).toContain('console.error: the cache dropped a contact update');
    expect(text).toMatch(/--- page text ---\nThe inbox of evidence\n+Row held by the cache: Ana Lima/);
  });

  it.fails(CLOSED, async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 600 } });
    try {
      const p = await phone.newPage();
      await p.setContent('<main><h1>The phone thread</h1><p>Composer: Zwei Bilder</p></main>');
      await p.evaluate(() => console.warn('the tray lost a file'));
      expect(await p.locator('h1').textContent()).toBe('A phone heading the page does not have');
    } finally {
      await phone.close();
    }
  });

  it('left the closed phone page as it was when the test closed it, beside the open page', () => {
    // page-1 is the file's page, still open; page-2 the phone page, closed before the test ended.
    expect(fs.readFileSync(path.join(closedDir, 'page-1.txt'), 'utf8')).toContain('The inbox of evidence');
    const shot = fs.readFileSync(path.join(closedDir, 'page-2.png'));
    expect(shot.subarray(1, 4).toString()).toBe('PNG');
    expect(shot.readUInt32BE(16)).toBe(375);
    const text = fs.readFileSync(path.join(closedDir, 'page-2.txt'), 'utf8');
    expect(text).toContain(`test: evidence of a failed browser test > ${CLOSED}`);
    expect(text).toContain("failure: expected 'The phone thread' to be 'A phone heading the page does not have'");
    expect(text).toContain('closed by the test; captured as it closed');
    expect(text).toContain('console.warning: the tray lost a file');
    expect(text).toMatch(/--- page text ---\nThe phone thread\n+Composer: Zwei Bilder/);
  });

  it('captures nothing of a page a passing test closed into a later failure', async () => {
    const passing = await browser.newPage({ viewport: { width: 375, height: 600 } });
    await passing.setContent('<p>Closed by a test that passes</p>');
    await passing.close();
  });

  it.fails(LATER, () => {
    expect('the state').toBe('another state');
  });

  it('left only the open page for the later failure', () => {
    expect(fs.readdirSync(laterDir).sort()).toEqual(['page-1.png', 'page-1.txt']);
  });
});
