import { Component, lazy, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A page's code that could not be fetched. After an upgrade the server holds the new build only:
 * the chunk names this tab's entry knows (they carry a hash of their content) are gone, and every
 * page not yet opened in this tab fails to load until the tab loads the new entry.
 */
export class PageLoadError extends Error {
  constructor(cause: unknown) {
    super(`a page of the app could not be loaded: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'PageLoadError';
  }
}

/**
 * A page loaded when first shown, in a chunk of its own (Vite splits at each `import()`), so the
 * inbox, which every agent opens first, does not download, parse and compile the settings, the
 * dashboard and the contacts. `load` answers the page's component; `preload` starts fetching it
 * early (a link that is about to be followed). React keeps the first answer, a failure too: the
 * tab is reloaded rather than retried (PageLoadBoundary).
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> & { preload(): void } {
  let loading: Promise<{ default: ComponentType<P> }> | undefined;
  const start = () =>
    (loading ??= load().then(
      (component) => ({ default: component }),
      (err: unknown) => {
        throw new PageLoadError(err);
      },
    ));
  const Page = lazy(start) as unknown as ComponentType<P> & { preload(): void };
  Page.preload = () => void start().catch(() => undefined);
  return Page;
}

/**
 * What the content area shows while a page's code arrives: a labelled busy state in the place the
 * page will fill, so the shell around it does not move. The words appear only if the wait lasts
 * (base.css), so a quick move does not flash them.
 */
export function PageLoading() {
  const { t } = useTranslation();
  return (
    <div className="page-loading" role="status" aria-busy="true" data-testid="page-loading">
      <span className="page-loading__text">{t('pageLoading')}</span>
    </div>
  );
}

/**
 * Catches a page whose code could not be fetched (PageLoadError) and offers to reload the tab,
 * which fetches the current build; any other error is not this boundary's and goes on up. Moving
 * to another address (`at`) clears it, so the rest of the app stays usable.
 */
export class PageLoadBoundary extends Component<{ at: string; children: ReactNode }, { error: unknown; at: string }> {
  override state = { error: null as unknown, at: this.props.at };

  static getDerivedStateFromProps(props: { at: string }, state: { at: string }): { error: null; at: string } | null {
    return props.at === state.at ? null : { error: null, at: props.at };
  }

  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error };
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === null) return this.props.children;
    if (error instanceof PageLoadError) return <PageLoadFailed />;
    // Thrown from here, it reaches the boundary above (none: React unmounts the app, as before pages were split).
    throw error;
  }
}

function PageLoadFailed() {
  const { t } = useTranslation();
  return (
    <main className="page page--narrow" id="main" data-testid="page-load-failed">
      <h1>{t('pageFailed.title')}</h1>
      <p>{t('pageFailed.text')}</p>
      <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
        {t('pageFailed.reload')}
      </button>
    </main>
  );
}
