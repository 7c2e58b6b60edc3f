import { QueryClientProvider } from '@tanstack/react-query';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Redirect, Route, Switch, useLocation, useSearch, useSearchParams } from 'wouter';
import { LiveProvider } from '../live/live-provider.tsx';
import { InboxPage } from '../pages/inbox/InboxPage.tsx';
import { LoginPage } from '../pages/login/LoginPage.tsx';
import { createQueryClient } from '../queries/query-client.ts';
import { AppShell } from './AppShell.tsx';
import { PageLoadBoundary, PageLoading } from './lazy-page.tsx';
import { ContactPage, ContactsPage, DashboardPage, SettingsRoutes } from './lazy-pages.ts';
import { SessionProvider, useSession } from './session.tsx';

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <Routes />
      </SessionProvider>
    </QueryClientProvider>
  );
}

/** `/` is the sign-in page; every other address needs a session, and comes back after signing in. */
function Routes() {
  const { t } = useTranslation();
  const { session } = useSession();
  const [pathname] = useLocation();
  const search = useSearch();
  if (session.status === 'loading') return <p className="splash">{t('loading')}</p>;
  return (
    <Switch>
      <Route path="/">
        {session.status === 'signed-in' ? <Redirect to={safeNext(new URLSearchParams(search).get('next')) ?? '/inbox'} replace /> : <LoginPage notice={session.error} ended={session.ended} />}
      </Route>
      <Route>{session.status === 'signed-in' ? <SignedIn /> : <Redirect to={`/?next=${encodeURIComponent(pathname + (search ? `?${search}` : ''))}`} replace />}</Route>
    </Switch>
  );
}

/**
 * The pages behind the shell, all under one live connection that stays up while moving between
 * them. The inbox is in the app's entry; the other pages arrive when first opened (lazy-pages.ts).
 */
function SignedIn() {
  const [pathname] = useLocation();
  return (
    <LiveProvider>
      <AppShell>
        <PageLoadBoundary at={pathname}>
          <Suspense fallback={<PageLoading />}>
            <Switch>
              <Route path="/inbox/:conversationId?">{(params) => <InboxRoute conversationId={params.conversationId} />}</Route>
              <Route path="/dashboard" component={DashboardPage} />
              <Route path="/contacts" component={ContactsPage} />
              <Route path="/contacts/:id">{(params) => <ContactPage key={params.id} id={Number(params.id)} />}</Route>
              <Route path="/settings" component={SettingsRoutes} />
              <Route path="/settings/*" component={SettingsRoutes} />
              <Route component={NotFound} />
            </Switch>
          </Suspense>
        </PageLoadBoundary>
      </AppShell>
    </LiveProvider>
  );
}

/** `/inbox/42?m=7`: conversation 42 open, scrolled to message 7 (a search hit). */
function InboxRoute({ conversationId }: { conversationId: string | undefined }) {
  const [search] = useSearchParams();
  return <InboxPage conversationId={Number(conversationId) || null} focusMessageId={Number(search.get('m')) || null} />;
}

/** Only paths of this app: never another origin (`//evil`), never a scheme. */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') && next !== '/' ? next : null;
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <main className="page page--narrow" id="main">
      <h1>{t('notFound.title')}</h1>
      <p>
        {t('notFound.text')} <a href="/inbox">{t('notFound.back')}</a>
      </p>
    </main>
  );
}
