import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { useMe } from '../../app/session.tsx';
import { settingsPagesFor } from './settings-pages.ts';
import './settings.css';

/**
 * The settings navigation (a column on wide screens, a scrolling row on a phone) beside the page.
 * Agents see only the pages they may use; the server refuses the rest on its own.
 */
export function SettingsLayout({ children }: { children: ReactNode }) {
  const [pathname] = useLocation();
  const me = useMe();
  const { t } = useTranslation('settings');
  return (
    <div className="settings">
      <nav className="settings__nav" aria-label={t('nav.label')}>
        <ul>
          {settingsPagesFor(me.role).map((p) => (
            <li key={p.id}>
              <Link
                to={p.path}
                className="settings__link"
                aria-current={pathname === p.path || pathname.startsWith(`${p.path}/`) ? 'page' : undefined}
                title={t(p.hint)}
                data-testid={`settings-nav-${p.id}`}
              >
                {t(p.label)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="settings__page">{children}</div>
    </div>
  );
}
