import { expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page, type Route } from 'playwright-core';
import type { SimPlatform } from '../../src/simulator/types.ts';
import { buildWebApp, CHROMIUM, CHROMIUM_ARGS, SANDBOX_AGENT } from './browser.ts';
import { failedSetUp, saveEvidence, watchContext } from './failure-evidence.ts';
import { startSandboxedSnorq, type SandboxedSnorq } from './sandboxed-snorq.ts';

/**
 * The browser tests' shared set-up (test/e2e/*-browser.test.ts), instead of each file launching
 * its own Chromium and copying the same preamble (sandbox, Chromium, page, sign-in, "open the
 * conversation of …").
 *
 * One Chromium per vitest worker, reused by the browser files that worker runs one after another
 * (vitest.config.ts `isolate: false` keeps this module, and so the browser, across files). Each
 * file gets its own contexts (cookies, storage, cache: nothing of one file is seen by the next) and
 * closes them at its end; the browser stays. Launching and closing Chromium cost 2–4 s per file on
 * this 2-core machine (more under load). It is closed when the worker exits (Playwright kills the
 * browsers it launched on exit).
 *
 * snorq and the simulator are NOT shared across files: a file's sandbox claims the sandbox's
 * platform accounts in its own database, and tests read the simulator's recorded calls, which
 * another file's traffic would mix into. A sandboxed snorq starts in ~1–2 s on a quiet machine.
 */
const launched = new Map<string, Promise<Browser>>();

/**
 * The worker's Chromium with these extra flags (none, usually: the common flags in browser.ts
 * include the voice-note test's fake microphone; a flag that would change what other files see
 * gets its own instance here), launched on first use and again if it went away.
 */
export function sharedChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  const key = extraArgs.join(' ');
  let browser = launched.get(key);
  if (!browser) {
    browser = chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs] });
    launched.set(key, browser);
    browser.then(
      (b) => b.on('disconnected', () => launched.delete(key)),
      () => launched.delete(key),
    );
  }
  return browser;
}

/** What a test file sees of the shared browser: contexts and pages of its own; `close` closes only those. */
export interface FileBrowser {
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page in a context of its own (as Browser.newPage): closing the page closes its context. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /**
   * One page per set of options, shared by the file's tests: each call answers it signed out,
   * its storage emptied, for the test to sign in afresh and load the page it starts from (as
   * `signInByCookie` does). A new page is a new renderer process, ~1 s of Chromium's CPU before
   * anything loads; a full load on an open page ~0.5 s. A page a test closed is opened again.
   */
  sharedPage(options?: BrowserContextOptions): Promise<Page>;
  close(): Promise<void>;
}

export async function openBrowser(extraArgs: readonly string[] = []): Promise<FileBrowser> {
  const browser = await sharedChromium(extraArgs);
  const contexts = new Set<BrowserContext>();
  const newContext = async (options?: BrowserContextOptions) => {
    const context = await browser.newContext(options);
    contexts.add(context);
    // Every page of the file's contexts leaves evidence if a test fails (failure-evidence.ts),
    // also one the test closed itself on its way to failing.
    watchContext(context);
    context.on('close', () => contexts.delete(context));
    return context;
  };
  const newPage = async (options?: BrowserContextOptions) => {
    const context = await newContext(options);
    const page = await context.newPage();
    page.on('close', () => void context.close().catch(() => undefined));
    return page;
  };
  const shared = new Map<string, Promise<Page>>();
  return {
    newContext,
    newPage,
    async sharedPage(options) {
      const key = JSON.stringify(options ?? {});
      let page = await shared.get(key);
      if (!page || page.isClosed()) {
        const opening = newPage(options);
        shared.set(key, opening);
        page = await opening;
      }
      // Signed out: a sign-in that carries a session cookie must say its Origin (CSRF), which the
      // test's API request does not. What the last test kept in the page's storage (drafts, the
      // language i18next detected) is not this test's.
      await page.context().clearCookies();
      if (page.url().startsWith('http')) await page.evaluate('localStorage.clear(); sessionStorage.clear()');
      return page;
    },
    async close() {
      // Called from the file's afterAll: a set-up that failed (the page never signed in, say)
      // ran no test whose afterEach would have kept what its pages showed.
      const failed = failedSetUp();
      if (failed) await saveEvidence(failed.file, failed.name);
      await Promise.all([...contexts].map((c) => c.close().catch(() => undefined)));
    },
  };
}

/**
 * Signs in without the sign-in form: the session cookie comes from the API (the page's request
 * context shares the browser context's cookies), then the inbox (or `path`) opens: one page load,
 * where the form's sign-in loads the app once for the form and again for the page a test wants. The
 * sign-in page itself is tested by the files that test it, with `signIn`: inbox-live, inbox,
 * people-settings (a new agent's first sign-in), languages (the form in Spanish).
 */
export async function signInByCookie(
  page: Page,
  baseUrl: string,
  user: { email: string; password: string } = SANDBOX_AGENT,
  { live = true, path = '/inbox' }: { live?: boolean; path?: string } = {},
): Promise<void> {
  const res = await page.request.post(`${baseUrl}/api/v1/auth/login`, { data: user });
  if (!res.ok()) throw new Error(`signing in ${user.email} failed: ${res.status()} ${await res.text()}`);
  await page.goto(`${baseUrl}${path}`);
  // The app's frame (its connection indicator) is drawn once the session is known.
  await page.getByTestId('connection-state').waitFor();
  if (live) await page.locator('[data-testid="connection-state"][data-state="live"]').waitFor();
}

export interface BrowserSandbox {
  s: SandboxedSnorq;
  browser: FileBrowser;
  /** Signed in as the sandbox's agent, when `page` was asked for. */
  page: Page;
}

/**
 * The common preamble: a sandboxed snorq with its simulator, the worker's Chromium, and (with
 * `page`) one page of these options signed in as the sandbox's agent and live.
 */
export async function startBrowserSandbox(
  options: { sandbox?: Parameters<typeof startSandboxedSnorq>[0]; page?: BrowserContextOptions; chromiumArgs?: readonly string[] } = {},
): Promise<BrowserSandbox> {
  buildWebApp();
  const [s, browser] = await Promise.all([startSandboxedSnorq(options.sandbox), openBrowser(options.chromiumArgs)]);
  if (!options.page) return { s, browser, page: undefined as unknown as Page };
  const page = await browser.newPage(options.page);
  await signInByCookie(page, s.snorq.url);
  return { s, browser, page };
}

/**
 * A customer writes on `platform`; the agent opens that conversation from the list and sees the
 * message. Answers the message's id on the platform.
 */
export async function openConversationOf(page: Page, s: SandboxedSnorq, platform: SimPlatform, customer: { id: string; name: string }, text = `Hello from ${customer.name}`): Promise<string> {
  const sent = await s.simulator.customers.send(platform, { accountId: s.account(platform).accountId, customer, text });
  expect(sent.status).toBe(200);
  const row = page.getByTestId('conversation-row').filter({ hasText: customer.name });
  await row.waitFor();
  await row.click();
  await page.getByTestId('message').filter({ hasText: text }).waitFor();
  return sent.externalId!;
}

/**
 * The page's requests to `url` held back until `release()`: a response that comes late, made
 * certain (a conversation's details after the key or the typing that must not wait for them).
 * `done()` releases them and stops holding.
 */
export async function holdRequests(page: Page, url: RegExp): Promise<{ release(): void; done(): Promise<void> }> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const hold = async (route: Route) => {
    await held;
    await route.continue();
  };
  await page.route(url, hold);
  return {
    release,
    done: async () => {
      release();
      await page.unroute(url, hold);
    },
  };
}
