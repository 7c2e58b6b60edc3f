/**
 * Where the keyboard focus goes after an action (WCAG 2.4.3, 2.4.7): never to the page. An action
 * that removes or disables the control it was started from (a button that disappears once done, a
 * select disabled while its change is saved, a row deleted) would otherwise leave the focus on
 * `<body>`, and a keyboard or screen-reader user would start again from the top of the page.
 */

/** How long an action may take to finish before the focus is left where it is. */
const WAIT_MS = 15_000;

/** Nothing holds the focus: it is on the page, or on an element no longer in it (or no longer focusable). */
export function focusIsLost(): boolean {
  const active = document.activeElement;
  return !active || active === document.body || !active.isConnected || active.matches(':disabled');
}

function focusable(el: HTMLElement | null | undefined): el is HTMLElement {
  return !!el && el.isConnected && !el.matches(':disabled') && el.getClientRects().length > 0;
}

/**
 * Once the focus is lost (now, or as the action finishes), give it to what `target()` returns when
 * that is in the page and focusable; `target` is asked again as the page changes, so it may name
 * an element that appears or is enabled later. Gives up when something else takes the focus, when
 * the agent clicks or types (they have moved on), or after a while.
 */
export function focusWhenReady(target: () => HTMLElement | null | undefined, ms = WAIT_MS): void {
  const settle = (): boolean => {
    const active = document.activeElement;
    // Something else was given the focus (the action's own choice): leave it there.
    if (active && active !== document.body && active.isConnected && !active.matches(':disabled') && active !== origin) return true;
    if (!focusIsLost()) return false;
    const el = target();
    if (!focusable(el)) return false;
    el.focus();
    return true;
  };
  const origin = document.activeElement;
  const observer = new MutationObserver(() => settle() && stop());
  const timer = window.setTimeout(() => stop(), ms);
  // A frame later too: the focus falls to the page when the browser next looks, not at once.
  let frame = window.requestAnimationFrame(function check() {
    if (settle()) stop();
    else frame = window.requestAnimationFrame(check);
  });
  const onInput = (e: Event) => e.isTrusted && stop();
  const stop = () => {
    observer.disconnect();
    window.clearTimeout(timer);
    window.cancelAnimationFrame(frame);
    document.removeEventListener('pointerdown', onInput, true);
    document.removeEventListener('keydown', onInput, true);
  };
  observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled', 'hidden', 'class', 'open'] });
  document.addEventListener('pointerdown', onInput, true);
  document.addEventListener('keydown', onInput, true);
}

/**
 * The heading of the part of the page `el` is in (its section, form or dialog), made focusable
 * from script only: where the focus goes when the row it was in is deleted.
 */
export function headingOf(el: Element | null | undefined): HTMLElement | null {
  const part = el?.closest('section, dialog, [role="dialog"], main');
  const heading = part?.querySelector<HTMLElement>('h1, h2, h3');
  if (heading && !heading.hasAttribute('tabindex')) heading.tabIndex = -1;
  return heading ?? null;
}

/**
 * A control disabled while it holds the focus (a select while its change is saved, a Send button
 * while sending) loses it to the page; it gets it back when it is enabled again, unless something
 * else took it meanwhile. Installed once, for the whole app.
 */
export function keepFocusOfDisabledControls(): void {
  document.addEventListener(
    'focusout',
    (e) => {
      const el = e.target;
      if (e.relatedTarget || !(el instanceof HTMLElement) || !el.matches(':disabled')) return;
      focusWhenReady(() => el);
    },
    true,
  );
}
