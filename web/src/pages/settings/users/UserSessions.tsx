import { useTranslation } from 'react-i18next';
import { endAnySession, type ManagedUser } from '../../../api/people-api.ts';
import { errorMessage } from '../../../api/http.ts';
import { useFormat } from '../../../i18n/use-format.ts';
import { usePeopleMutation, useUserSessions } from '../../../queries/use-people.ts';

/** An admin's view of one user's sessions (browsers signed in), each of which they may end. */
export function UserSessions({ user }: { user: ManagedUser }) {
  const { t } = useTranslation('settings-users');
  const format = useFormat();
  const sessions = useUserSessions(user.id);
  const end = usePeopleMutation(endAnySession);
  return (
    <div data-testid="user-sessions">
      <h3>{t('sessions.title', { name: user.name })}</h3>
      {sessions.isError && <p className="form-error">{errorMessage(sessions.error)}</p>}
      {end.isError && (
        <p className="form-error" role="alert">
          {errorMessage(end.error)}
        </p>
      )}
      {sessions.data?.length === 0 && <p className="page__sub">{t('sessions.none')}</p>}
      <ul className="people-list">
        {sessions.data?.map((s) => (
          <li key={s.id} data-testid="user-session">
            <span className="people-table__who">
              <span>
                {s.userAgent ?? t('sessions.unknownDevice')} {s.current && <strong>({t('sessions.current')})</strong>}
              </span>
              <span className="people-table__sub">
                {s.ip ?? '—'} · {t('sessions.started')} {format.dateTime(s.createdAt)}
                {s.lastUsedAt && ` · ${t('sessions.lastUsed')} ${format.dateTime(s.lastUsedAt)}`}
              </span>
            </span>
            <button type="button" className="button button--small" disabled={end.isPending} onClick={() => end.mutate(s.id)} data-testid="user-session-end">
              {t('sessions.end')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
