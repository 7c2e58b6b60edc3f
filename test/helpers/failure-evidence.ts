import fs from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

/**
 * What a browser test's pages showed when it failed: a screenshot, the page's text and its last
 * console errors, saved under test-results/<file>/<test>/ (`.ci/run` prints them when the suite
 * fails). Two faults of the web app's cache (message-kinds, sla-browser) were found only by running
 * a whole suite again and again: a failure on a loaded machine left nothing but "waited 30 s for a
 * row", and the page that would have shown what it held instead was gone.
 *
 * Every page of the browser helper's contexts is watched from its creation (test/helpers/browser-fixture.ts);
 * each-file.ts saves the evidence after a test that failed, before the file's afterAll closes the
 * pages, and the helper's `close()` saves it for a set-up that failed. A page a test closes itself
 * (a phone context closed in its `finally`) would be gone by then, and the failure is not known
 * yet when it closes: so a page closed while a test runs is captured as it closes (`closing`), and
 * kept until the test's end, for the evidence if the test failed. This module imports nothing
 * heavy: every test file loads it.
 */
export const EVIDENCE_DIR = path.resolve('test-results');

/** Console lines kept per page: the last ones are those near the failure. */
const KEEP_LINES = 30;

const open = new Set<Page>();
const lines = new WeakMap<Page, string[]>();

/** Watch a page from now on: its console errors and warnings, uncaught errors and failed requests. */
export function watchPage(page: Page): void {
  const kept: string[] = [];
  lines.set(page, kept);
  open.add(page);
  const keep = (line: string) => {
    kept.push(`${new Date().toISOString()} ${line}`);
    if (kept.length > KEEP_LINES) kept.shift();
  };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') keep(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => keep(`uncaught: ${e.stack ?? e.message}`));
  page.on('requestfailed', (r) => keep(`request failed: ${r.method()} ${r.url()} (${r.failure()?.errorText ?? 'no reason'})`));
  page.on('response', (r) => {
    if (r.status() >= 500) keep(`response ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  page.on('close', () => open.delete(page));
  const close = page.close.bind(page);
  page.close = async (options) => {
    await closing([page]);
    return close(options);
  };
}

/** Watch every page of `context` (watchPage), and capture them when a test closes the context. */
export function watchContext(context: BrowserContext): void {
  context.on('page', watchPage);
  const close = context.close.bind(context);
  context.close = async (options) => {
    await closing(context.pages());
    return close(options);
  };
}

/** The parts of vitest's suite tasks read here. */
interface SuiteTask {
  name: string;
  type: string;
  filepath?: string;
  result?: { state?: string; hooks?: Partial<Record<string, string>> };
  tasks?: SuiteTask[];
}

let currentFile: SuiteTask | undefined;

/** The file now running (each-file.ts, from its first beforeAll). */
export function setCurrentFile(file: SuiteTask): void {
  currentFile = file;
}

/**
 * The file now running and the name of its suite whose beforeAll failed (that suite's tests did
 * not run, so no afterEach saw the pages), if one did: the runner leaves a failed hook's state at
 * `run` and marks the suite failed.
 */
export function failedSetUp(): { file: string; name: string } | undefined {
  if (!currentFile?.filepath) return undefined;
  const walk = (s: SuiteTask): SuiteTask | undefined => {
    if (s.result?.state === 'fail' && s.result.hooks?.beforeAll === 'run') return s;
    for (const t of s.tasks ?? []) {
      const found = t.type === 'suite' ? walk(t) : undefined;
      if (found) return found;
    }
    return undefined;
  };
  const failed = walk(currentFile);
  return failed && { file: currentFile.filepath, name: failed === currentFile ? 'set-up (beforeAll)' : `${failed.name} set-up (beforeAll)` };
}

/** A file or test name as a folder name: letters, digits and dashes, at most 100 characters. */
function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 100) || 'unnamed'
  );
}

/** Where the evidence of `testName` in `testFile` (a path, absolute or from the repository) goes. */
export function evidenceDirOf(testFile: string, testName: string): string {
  const file = path.relative(process.cwd(), path.resolve(testFile)).replace(/\.test\.ts$/, '');
  return path.join(EVIDENCE_DIR, slug(file), slug(testName));
}

/** What a page showed: its screenshot, address, title, kept console lines and text. */
interface Capture {
  png?: Buffer;
  url: string;
  title: string;
  body: string;
  lines: string[];
  notes: string[];
}

/** A page that does not answer within this must not hold the file's remaining tests up. */
const LIMIT_MS = 10_000;

async function capture(page: Page): Promise<Capture> {
  const notes: string[] = [];
  let png: Buffer | undefined;
  try {
    png = await page.screenshot({ fullPage: true, timeout: LIMIT_MS });
  } catch (err) {
    notes.push(`no screenshot: ${(err as Error).message.split('\n')[0]}`);
  }
  let title = '';
  let body = '';
  try {
    title = await withLimit(page.title(), LIMIT_MS);
    body = await withLimit(page.evaluate<string>("document.body?.innerText ?? ''"), LIMIT_MS);
  } catch (err) {
    notes.push(`no page text: ${(err as Error).message.split('\n')[0]}`);
  }
  return { png, url: page.url(), title, body, lines: [...(lines.get(page) ?? [])], notes };
}

let testRunning = false;
/** Pages the running test closed, as they were when it closed them. */
let closedInTest: Capture[] = [];

/** A test starts (true) or has ended and its evidence, if any, is saved (false) (each-file.ts). */
export function setTestRunning(running: boolean): void {
  testRunning = running;
  closedInTest = [];
}

/**
 * Called by the browser helper before it closes `pages` (a context's, or one page): while a test
 * runs, each watched one is captured first, since the test may be closing it in a `finally` on its
 * way to failing. Outside a test (a file's afterAll) there is nothing to keep.
 */
export async function closing(pages: Page[]): Promise<void> {
  if (!testRunning) return;
  for (const page of pages) if (open.has(page) && !page.isClosed()) closedInTest.push({ ...(await capture(page)), notes: ['closed by the test; captured as it closed'] });
}

/** Whether a failed test would leave evidence: a page open, or one it closed. */
export function hasOpenPages(): boolean {
  return open.size > 0 || closedInTest.length > 0;
}

/**
 * Save every open page's screenshot (page-<n>.png) and its address, title, kept console lines and
 * text (page-<n>.txt), then those of the pages the test closed (as they were when it closed them).
 * Nothing of this may hide the test's own failure, so each step that fails (a page that hangs, a
 * browser that is gone) is written into the text instead of thrown. Answers the files written.
 */
export async function saveEvidence(testFile: string, testName: string, failure?: string): Promise<string[]> {
  const captures = [...(await Promise.all([...open].filter((p) => !p.isClosed()).map(capture))), ...closedInTest];
  closedInTest = [];
  if (captures.length === 0) return [];
  const dir = evidenceDirOf(testFile, testName);
  await fs.mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [i, c] of captures.entries()) {
    const shot = path.join(dir, `page-${i + 1}.png`);
    const text = path.join(dir, `page-${i + 1}.txt`);
    if (c.png) {
      await fs.writeFile(shot, c.png);
      written.push(shot);
    }
    const report = [
      `test: ${testName}`,
      `file: ${testFile}`,
      `url: ${c.url}`,
      `title: ${c.title}`,
      ...(failure ? [`failure: ${failure}`] : []),
      ...c.notes,
      '',
      `--- last console errors, warnings, uncaught errors and failed requests (at most ${KEEP_LINES}) ---`,
      ...(c.lines.length ? c.lines : ['(none)']),
      '',
      '--- page text ---',
      c.body,
      '',
    ].join('\n');
    await fs.writeFile(text, report);
    written.push(text);
  }
  console.error(`browser evidence of the failed test "${testName}": ${path.relative(process.cwd(), dir)}/ (${written.map((f) => path.basename(f)).join(', ')})`);
  return written;
}

function withLimit<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}
