import { useTranslation } from 'react-i18next';
import { endMySession } from '../../../api/people-api.ts';
import { errorMessage } from '../../../api/http.ts';
import { useFormat } from '../../../i18n/use-format.ts';
import { useMySessions, usePeopleMutation } from '../../../queries/use-people.ts';

/** Where I am signed in: this browser marked; the others I can sign out of from here. */
export function MySessions() {
  const { t } = useTranslation('settings-profile');
  const format = useFormat();
  const sessions = useMySessions();
  const end = usePeopleMutation(endMySession);
  const others = sessions.data?.filter((s) => !s.current) ?? [];
  const endOthers = async () => {
    for (const s of others) await end.mutateAsync(s.id);
  };
  return (
    <section className="card" aria-labelledby="profile-sessions-title" data-testid="my-sessions">
      <h2 id="profile-sessions-title">{t('sessions.title')}</h2>
      {sessions.isError && <p className="form-error">{errorMessage(sessions.error)}</p>}
      {end.isError && (
        <p className="form-error" role="alert">
          {errorMessage(end.error)}
        </p>
      )}
      <ul className="people-list">
        {sessions.data?.map((s) => (
          <li key={s.id} data-testid="my-session" data-current={s.current}>
            <span className="people-table__who">
              <span>
                {s.userAgent ?? t('sessions.unknownDevice')} {s.current && <strong>({t('sessions.current')})</strong>}
              </span>
              <span className="people-table__sub">
                {s.ip ?? '—'} · {t('sessions.started', { when: format.dateTime(s.createdAt) })}
              </span>
            </span>
            {!s.current && (
              <button type="button" className="button button--small" disabled={end.isPending} onClick={() => end.mutate(s.id)} data-testid="my-session-end">
                {t('sessions.end')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {others.length > 1 && (
        <button type="button" className="button" disabled={end.isPending} onClick={() => void endOthers().catch(() => undefined)} data-testid="my-sessions-end-others">
          {t('sessions.endOthers')}
        </button>
      )}
    </section>
  );
}
