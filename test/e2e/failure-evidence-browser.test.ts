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
 * what it left.
 */
const FAILING = 'a page check that fails';
let browser: FileBrowser;
let page: Page;

describe.skipIf(!hasChromium)('evidence of a failed browser test', () => {
  const dir = evidenceDirOf(path.resolve('test/e2e/failure-evidence-browser.test.ts'), `evidence of a failed browser test > ${FAILING}`);

  beforeAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    browser = await openBrowser();
    page = await browser.newPage({ viewport: { width: 640, height: 400 } });
    await page.setContent('<main><h1>The inbox of evidence</h1><p>Row held by the cache: Ana Lima</p></main>');
    await page.evaluate(() => console.error('the cache dropped a contact update'));
  });
  afterAll(async () => {
    await browser?.close();
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
    // Evidence of a failure that was meant is not left for CI to print as if the suite had failed.
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });
});
