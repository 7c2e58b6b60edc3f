import { useTranslation } from 'react-i18next';
import { useLive } from '../live/live-provider.tsx';

/** live / reconnecting / behind, announced politely when it changes. */
export function ConnectionIndicator() {
  const { t } = useTranslation();
  const { status } = useLive();
  return (
    <span className={`connection connection--${status}`} title={t(`connection.title.${status}`)} role="status" aria-live="polite">
      <span className="visually-hidden">{t('connection.label')} </span>
      <span data-testid="connection-state" data-state={status}>
        {t(`connection.state.${status}`)}
      </span>
    </span>
  );
}
