import type { Page, Request } from 'playwright-core';

/** Two animation frames: what a render, a resize or a route change sets off is drawn by then. */
export const TWO_FRAMES = 'new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))';

export interface InAppMoves {
  /** Until the page's requests are answered and drawn: none pending after two frames. */
  settled(): Promise<void>;
  /** Moves the app to `path` as its links do; done once `ready` holds and the page has settled. */
  moveTo(path: string, ready?: (p: Page) => Promise<unknown>): Promise<void>;
}

/**
 * Moving between the web app's pages inside the app instead of loading each afresh: a full load
 * of the app cost ~0.5 s of CPU (most of it Chromium's: the bundle, the first render, the live
 * socket), a move ~0.1 s. The app's router (wouter) follows `history.pushState`, as its own links
 * do. A page asks for its data as it mounts, and for more once that is drawn; Playwright's
 * `networkidle` is reached once per full load, so it says nothing after a move. `settled` waits
 * for the state instead: no request of the page pending (the live socket's aside: it stays open)
 * after two frames. Follows `page` from now on: call before the page's first load.
 */
export function followRequests(page: Page): InAppMoves {
  const pending = new Set<Request>();
  const onQuiet: (() => void)[] = [];
  const answered = (r: Request) => {
    pending.delete(r);
    if (pending.size === 0) onQuiet.splice(0).forEach((f) => f());
  };
  page.on('request', (r) => {
    if (!new URL(r.url()).pathname.startsWith('/socket.io/')) pending.add(r);
  });
  page.on('requestfinished', answered);
  page.on('requestfailed', answered);
  const settled = async () => {
    do {
      if (pending.size > 0) await new Promise<void>((r) => onQuiet.push(r));
      await page.evaluate(TWO_FRAMES);
    } while (pending.size > 0);
  };
  return {
    settled,
    async moveTo(path, ready = (p) => p.locator('main').first().waitFor()) {
      await page.evaluate(`window.history.pushState(null, '', ${JSON.stringify(path)})`);
      await page.waitForURL((u) => u.pathname + u.search === path);
      await ready(page);
      await settled();
    },
  };
}
