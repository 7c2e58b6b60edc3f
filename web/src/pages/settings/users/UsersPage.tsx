import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/http.ts';
import { useManagedUsers } from '../../../queries/use-people.ts';
import { NewUserForm } from './NewUserForm.tsx';
import { RequireAdmin } from './RequireAdmin.tsx';
import { UserRow } from './UserRow.tsx';
import './people.css';

/** Settings → Users (admins): everyone who signs in, their role, status, activity and sessions. */
export function UsersPage() {
  return (
    <RequireAdmin>
      <UsersContent />
    </RequireAdmin>
  );
}

function UsersContent() {
  const { t } = useTranslation('settings-users');
  const users = useManagedUsers();
  useEffect(() => {
    document.title = `${t('title')} — snorq`;
  }, [t]);
  return (
    <main className="page people-sections" id="main">
      <div className="page__head">
        <h1>{t('title')}</h1>
        <p className="page__sub">{t('sub')}</p>
      </div>
      <NewUserForm />
      <section className="card" aria-labelledby="users-title">
        <h2 id="users-title">{t('list.title')}</h2>
        {users.isPending && <p role="status">{t('list.loading')}</p>}
        {users.isError && (
          <p className="form-error" role="alert">
            {t('list.failed', { message: errorMessage(users.error) })}
          </p>
        )}
        {users.data && (
          <table className="table people-table" data-testid="users-table">
            <thead>
              <tr>
                <th scope="col">{t('list.name')}</th>
                <th scope="col">{t('list.role')}</th>
                <th scope="col">{t('list.status')}</th>
                <th scope="col">{t('list.lastSeen')}</th>
                <th scope="col">{t('list.sessions')}</th>
                <th scope="col">{t('list.actions')}</th>
              </tr>
            </thead>
            {users.data.map((u) => (
              <UserRow key={u.id} user={u} />
            ))}
          </table>
        )}
      </section>
    </main>
  );
}
