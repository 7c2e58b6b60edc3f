import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/http.ts';
import { useMe } from '../../app/session.tsx';

export interface SettingsPageProps {
  /** The page's heading, also the tab's name ("Labels — snorq"). */
  title: string;
  /** One sentence under the heading: what the page is for. */
  sub?: ReactNode;
  /**
   * Admins only: an agent who reaches it by its address is told it is not for them, and the page's
   * children are not even mounted (so their queries never ask the server for what it would refuse).
   */
  adminOnly?: boolean;
  /** A single column of forms (profile) rather than the full width (tables). */
  narrow?: boolean;
  testId?: string;
  children: ReactNode;
}

/**
 * The frame of every settings page: heading, sub-heading, the tab's title, and the admin-only guard.
 * Pages put their sections inside; `LoadState` shows a query's loading and error states the same way
 * on every page.
 */
export function SettingsPage({ title, sub, adminOnly = false, narrow = false, testId, children }: SettingsPageProps) {
  const me = useMe();
  const allowed = !adminOnly || me.role === 'admin';
  const { t } = useTranslation('settings');
  const shownTitle = allowed ? title : t('notAllowed.title');
  useEffect(() => {
    document.title = `${shownTitle} — snorq`;
  }, [shownTitle]);
  if (!allowed) {
    return (
      <main className="page page--narrow" id="main" data-testid="not-allowed">
        <h1>{t('notAllowed.title')}</h1>
        <p>{t('notAllowed.text')}</p>
      </main>
    );
  }
  return (
    <main className={`page settings-sections${narrow ? ' page--narrow' : ''}`} id="main" data-testid={testId}>
      <div className="page__head">
        <h1>{title}</h1>
        {sub && <p className="page__sub">{sub}</p>}
      </div>
      {children}
    </main>
  );
}

interface QueryLike {
  isPending: boolean;
  isError: boolean;
  error: unknown;
}

/**
 * A query's loading and error states: a polite status while it loads, an alert with the reason when
 * it failed, nothing once it has data (the page shows the data itself).
 */
export function LoadState({ query, loading, failed }: { query: QueryLike; loading: string; failed: (message: string) => string }) {
  if (query.isError) {
    return (
      <p className="form-error" role="alert">
        {failed(errorMessage(query.error))}
      </p>
    );
  }
  if (query.isPending) return <p role="status">{loading}</p>;
  return null;
}
