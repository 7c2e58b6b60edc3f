/**
 * Types for the functions given to Playwright's `evaluate`: they run in Chromium, but the server's
 * tsconfig (which checks the tests) has no DOM lib, on purpose — server code must not reach for
 * browser globals. Such a function reads the page's globals through
 * `globalThis as unknown as PageGlobals`, typed with the few members the tests use. Types only:
 * an evaluated function cannot call anything imported (Playwright sends its source text).
 */
export interface PageElement {
  tagName: string;
  textContent: string | null;
  isConnected: boolean;
  tabIndex: number;
  type?: string;
  parentElement: PageElement | null;
  dataset: Record<string, string | undefined>;
  getAttribute(name: string): string | null;
  closest(selector: string): PageElement | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
  getBoundingClientRect(): { width: number; height: number };
}

export interface PageGlobals {
  document: { activeElement: PageElement | null; body: PageElement; querySelector(selector: string): PageElement | null; querySelectorAll(selector: string): Iterable<PageElement> };
  getComputedStyle(element: PageElement): { visibility: string; display: string };
}
