import type { ReactNode } from 'react';
import { ConnectionIndicator } from '../components/ConnectionIndicator.tsx';
import { LiveNotifications } from '../components/notifications/LiveNotifications.tsx';
import { MentionToast } from '../components/presence/MentionToast.tsx';
import { PresenceMenu } from '../components/presence/PresenceMenu.tsx';
import { useTranslation } from 'react-i18next';
import { UserLanguagePicker } from '../i18n/UserLanguagePicker.tsx';
import { Link, useLocation } from 'wouter';
import { ContactsPage, DashboardPage, SettingsRoutes } from './lazy-pages.ts';
import { useSession } from './session.tsx';

/** `preload`: a page's chunk is fetched as the pointer or the focus reaches its link, a moment before the click. */
const NAV = [
  { to: '/inbox', label: 'inbox', preload: undefined },
  { to: '/dashboard', label: 'dashboard', preload: DashboardPage.preload },
  { to: '/contacts', label: 'contacts', preload: ContactsPage.preload },
  { to: '/settings', label: 'settings', preload: SettingsRoutes.preload },
] as const;

/** The frame around every signed-in page: brand, navigation, live state, who is signed in. */
export function AppShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [pathname] = useLocation();
  const { signOut } = useSession();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="shell__bar">
        <Link to="/inbox" className="shell__brand" title={t('brandLabel')}>
          <span className="shell__logo" aria-hidden="true">
            s
          </span>
          <span className="shell__name">snorq</span>
        </Link>
        <nav className="shell__nav" aria-label={t('nav.label')}>
          {NAV.map((n) => {
            const current = pathname === n.to || pathname.startsWith(`${n.to}/`);
            return (
              <Link key={n.to} to={n.to} className="shell__link" aria-current={current ? 'page' : undefined} data-testid={`nav-${n.label}`} onPointerEnter={n.preload} onFocus={n.preload}>
                {t(`nav.${n.label}`)}
              </Link>
            );
          })}
        </nav>
        <div className="shell__right">
          <ConnectionIndicator />
          <LiveNotifications />
          <UserLanguagePicker compact />
          <PresenceMenu />
          <button type="button" className="button button--ghost" onClick={() => void signOut()} data-testid="sign-out">
            {t('signOut')}
          </button>
        </div>
      </header>
      <div className="shell__content">{children}</div>
      <MentionToast />
    </div>
  );
}
