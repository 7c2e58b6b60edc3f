import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Redirect, Route, Switch, useLocation, useSearch, useSearchParams } from 'wouter';
import { LiveProvider } from '../live/live-provider.tsx';
import { ContactPage } from '../pages/contacts/ContactPage.tsx';
import { ContactsPage } from '../pages/contacts/ContactsPage.tsx';
import { DashboardPage } from '../pages/dashboard/DashboardPage.tsx';
import { InboxPage } from '../pages/inbox/InboxPage.tsx';
import { LoginPage } from '../pages/login/LoginPage.tsx';
import { SettingsRoutes } from '../pages/settings/SettingsRoutes.tsx';
import { createQueryClient } from '../queries/query-client.ts';
import { AppShell } from './AppShell.tsx';
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

/** The pages behind the shell, all under one live connection that stays up while moving between them. */
function SignedIn() {
  return (
    <LiveProvider>
      <AppShell>
        <Switch>
          <Route path="/inbox/:conversationId?">{(params) => <InboxRoute conversationId={params.conversationId} />}</Route>
          <Route path="/dashboard" component={DashboardPage} />
          <Route path="/contacts" component={ContactsPage} />
          <Route path="/contacts/:id">{(params) => <ContactPage key={params.id} id={Number(params.id)} />}</Route>
          <Route path="/settings" component={SettingsRoutes} />
          <Route path="/settings/*" component={SettingsRoutes} />
          <Route component={NotFound} />
        </Switch>
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
