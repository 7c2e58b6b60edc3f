import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../app/session.tsx';

/**
 * An admin's page: an agent who reaches it by its address is told it is not for them (the server
 * refuses them its data on its own; this only spares them a page of errors).
 */
export function RequireAdmin({ children }: { children: ReactNode }) {
  const { t } = useTranslation('settings-users');
  const me = useMe();
  if (me.role === 'admin') return children;
  return (
    <main className="page page--narrow" id="main" data-testid="not-allowed">
      <h1>{t('notAllowed.title')}</h1>
      <p>{t('notAllowed.text')}</p>
    </main>
  );
}
