import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { LiveProvider } from '../live/live-provider.tsx';
import { matchPath } from '../lib/match-path.ts';
import { ChannelsPage } from '../pages/channels/ChannelsPage.tsx';
import { DashboardPage } from '../pages/dashboard/DashboardPage.tsx';
import { InboxPage } from '../pages/inbox/InboxPage.tsx';
import { LoginPage } from '../pages/login/LoginPage.tsx';
import { AppShell } from './AppShell.tsx';
import { navigate, useLocation } from './router.tsx';
import { SessionProvider, useSession } from './session.tsx';
import { createQueryClient } from '../queries/query-client.ts';

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

function Routes() {
  const { session } = useSession();
  const { pathname, search } = useLocation();

  if (session.status === 'loading') return <p className="splash">Loading snorq…</p>;
  if (pathname === '/') {
    if (session.status === 'signed-in') return <Redirect to={safeNext(search.get('next')) ?? '/inbox'} />;
    return <LoginPage notice={session.error} />;
  }
  if (session.status !== 'signed-in') return <Redirect to={`/?next=${encodeURIComponent(pathname + (search.size ? `?${search}` : ''))}`} />;

  const inbox = matchPath('/inbox', pathname) ?? matchPath('/inbox/:conversationId', pathname);
  let page;
  if (inbox) page = <InboxPage conversationId={inbox['conversationId'] ? Number(inbox['conversationId']) || null : null} focusMessageId={Number(search.get('m')) || null} />;
  else if (matchPath('/dashboard', pathname)) page = <DashboardPage />;
  else if (matchPath('/settings/channels', pathname)) page = <ChannelsPage />;
  else page = <NotFound />;

  return (
    <LiveProvider>
      <AppShell>{page}</AppShell>
    </LiveProvider>
  );
}

/** Only paths of this app: never another origin (`//evil`), never a scheme. */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') && next !== '/' ? next : null;
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function NotFound() {
  return (
    <main className="page page--narrow" id="main">
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <a href="/inbox">Go to the inbox</a>.
      </p>
    </main>
  );
}
