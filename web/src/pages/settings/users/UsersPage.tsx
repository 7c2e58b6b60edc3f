import { useTranslation } from 'react-i18next';
import { useManagedUsers } from '../../../queries/use-people.ts';
import { NewUserForm } from './NewUserForm.tsx';
import { LoadState, SettingsPage } from '../SettingsPage.tsx';
import { UserRow } from './UserRow.tsx';
import './people.css';

/** Settings → Users (admins): everyone who signs in, their role, status, activity and sessions. */
export function UsersPage() {
  const { t } = useTranslation('settings-users');
  return (
    <SettingsPage title={t('title')} sub={t('sub')} adminOnly>
      <NewUserForm />
      <UserList />
    </SettingsPage>
  );
}

function UserList() {
  const { t } = useTranslation('settings-users');
  const users = useManagedUsers();
  return (
    <section className="card" aria-labelledby="users-title">
      <h2 id="users-title">{t('list.title')}</h2>
      <LoadState query={users} loading={t('list.loading')} failed={(message) => t('list.failed', { message })} />
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
  );
}
