import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { fetchMe, logout, type Me } from '../api/auth-api.ts';
import { ApiError, setUnauthorizedHandler } from '../api/http.ts';
import { applyUserLanguage } from '../i18n/i18n.ts';
import { applyLanguageOfUser } from '../i18n/use-user-language.ts';
import { navigate } from 'wouter/use-browser-location';

/** Signed out: `error` when snorq could not be asked, `ended` the reason a session stopped (SESSION_EXPIRED, …: `refusal.<ended>` of server-texts). */
export type SessionState = { status: 'loading' } | { status: 'signed-out'; error?: string; ended?: string } | { status: 'signed-in'; user: Me };

/** The reasons a session the browser held stopped granting access (src/server/plugins/authenticate.ts), said on the sign-in page. */
const ENDED = new Set(['SESSION_EXPIRED', 'SESSION_ENDED', 'ACCOUNT_DISABLED']);
const endedBy = (err: unknown): string | undefined => {
  const reason = err instanceof ApiError && err.status === 401 ? err.details?.['reason'] : undefined;
  return typeof reason === 'string' && ENDED.has(reason) ? reason : undefined;
};

interface SessionValue {
  session: SessionState;
  signedIn: (user: Me) => void;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

/** Who is signed in (GET /api/v1/auth/me), and what a 401 anywhere does: back to the login page. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ status: 'loading' });
  const queryClient = useQueryClient();

  useEffect(() => {
    let live = true;
    fetchMe()
      .then(async (user) => {
        await applyLanguageOfUser(queryClient);
        if (live) setSession({ status: 'signed-in', user });
      })
      .catch((err: unknown) => {
        if (!live) return;
        const unreachable = err instanceof ApiError && err.status !== 401;
        const ended = endedBy(err);
        setSession({ status: 'signed-out', ...(unreachable ? { error: err.message } : {}), ...(ended && { ended }) });
      });
    return () => {
      live = false;
    };
  }, [queryClient]);

  useEffect(() => {
    setUnauthorizedHandler((refusal) => {
      const ended = endedBy(refusal);
      setSession({ status: 'signed-out', ...(ended && { ended }) });
      // Nothing read for this user may show for the next one, nor their language.
      queryClient.clear();
      void applyUserLanguage(null);
      navigate('/', { replace: true });
    });
    return () => setUnauthorizedHandler(null);
  }, [queryClient]);

  const signedIn = useCallback((user: Me) => void applyLanguageOfUser(queryClient).then(() => setSession({ status: 'signed-in', user })), [queryClient]);
  const signOut = useCallback(async () => {
    try {
      await logout();
    } finally {
      setSession({ status: 'signed-out' });
      queryClient.clear();
      void applyUserLanguage(null);
      navigate('/', { replace: true });
    }
  }, [queryClient]);

  const value = useMemo(() => ({ session, signedIn, signOut }), [session, signedIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user; pages behind the shell only render when there is one. */
export function useMe(): Me {
  const { session } = useSession();
  if (session.status !== 'signed-in') throw new Error('useMe without a signed-in user');
  return session.user;
}
