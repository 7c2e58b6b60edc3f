import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../app/session.tsx';
import { changeUser, resetUserPassword, setUserEnabled, type ManagedUser, type Role } from '../../../api/people-api.ts';
import { errorMessage } from '../../../api/http.ts';
import { ConfirmButton } from '../../../components/ConfirmButton.tsx';
import { CopyButton } from '../../../components/CopyButton.tsx';
import { PresenceDot } from '../../../components/presence/PresenceDot.tsx';
import { useNow } from '../../../components/use-now.ts';
import { useFormat } from '../../../i18n/use-format.ts';
import { generatePassword } from '../../../lib/generate-password.ts';
import { usePeopleMutation } from '../../../queries/use-people.ts';
import { RoleChoice } from './RoleChoice.tsx';
import { UserSessions } from './UserSessions.tsx';

/** One user: a row of the table (a card on a phone), and under it their sessions or a new password. */
export function UserRow({ user }: { user: ManagedUser }) {
  const { t } = useTranslation('settings-users');
  const me = useMe();
  const format = useFormat();
  const now = useNow(60_000);
  const [open, setOpen] = useState(false);
  const [reset, setReset] = useState<{ password: string; ended: number } | null>(null);
  const change = usePeopleMutation((role: Role) => changeUser(user.id, { role }));
  const enable = usePeopleMutation((enabled: boolean) => setUserEnabled(user.id, enabled));
  const resetPassword = usePeopleMutation(
    (password: string) => resetUserPassword(user.id, password),
    (r, password) => setReset({ password, ended: r.endedSessions }),
  );
  const self = user.id === me.id;
  const error = change.error ?? enable.error ?? resetPassword.error;
  return (
    <tbody data-testid="user-row" data-email={user.email}>
      <tr>
        <td data-label={t('list.name')}>
          <span className="people-table__who">
            <strong>
              {!user.disabledAt && <PresenceDot presence={user.presence} />} {user.name} {self && <span className="people-table__sub">({t('list.you')})</span>}
            </strong>
            <span className="people-table__sub">{user.email}</span>
          </span>
        </td>
        <td data-label={t('list.role')}>
          <RoleChoice user={user} self={self} disabled={change.isPending || !!user.disabledAt} onChange={(role) => change.mutate(role)} />
        </td>
        <td data-label={t('list.status')} className={user.disabledAt ? 'people-status--disabled' : undefined} data-testid="user-status">
          {user.disabledAt ? t('status.disabled') : t('status.active')}
        </td>
        <td data-label={t('list.lastSeen')}>{user.lastSeenAt ? <time dateTime={user.lastSeenAt}>{format.relative(user.lastSeenAt, now)}</time> : t('list.never')}</td>
        <td data-label={t('list.sessions')}>
          <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid="user-sessions-toggle">
            {t('actions.sessions', { count: user.activeSessions ?? 0 })}
          </button>
        </td>
        <td data-label={t('list.actions')}>
          <UserActions user={user} self={self} onEnable={(enabled) => enable.mutate(enabled)} onReset={() => resetPassword.mutate(generatePassword())} />
        </td>
      </tr>
      {(error || reset) && (
        <tr className="people-table__detail">
          <td colSpan={6}>
            {error && (
              <p className="form-error" role="alert" data-testid="user-error">
                {errorMessage(error)}
              </p>
            )}
            {reset && <NewPassword name={user.name} password={reset.password} ended={reset.ended} />}
          </td>
        </tr>
      )}
      {open && (
        <tr className="people-table__detail">
          <td colSpan={6}>
            <UserSessions user={user} />
          </td>
        </tr>
      )}
    </tbody>
  );
}

/** The password an admin just set, shown this once so it can be handed over. */
function NewPassword({ name, password, ended }: { name: string; password: string; ended: number }) {
  const { t } = useTranslation('settings-users');
  return (
    <div className="secret" role="status" data-testid="user-new-password">
      <p>{t('reset.done', { name })}</p>
      <code className="secret__value mono" data-testid="user-new-password-value">
        {password}
      </code>
      <CopyButton text={password} label={t('reset.copy')} copiedLabel={t('reset.copied')} testId="user-new-password-copy" />
      <p className="field__hint">{t('reset.ended', { count: ended })}</p>
    </div>
  );
}

interface ActionsProps {
  user: ManagedUser;
  self: boolean;
  onEnable: (enabled: boolean) => void;
  onReset: () => void;
}

/** Disable (never oneself) or enable, and reset the password: each asks first. */
function UserActions({ user, self, onEnable, onReset }: ActionsProps) {
  const { t } = useTranslation('settings-users');
  return (
    <span className="people-table__actions">
      {user.disabledAt ? (
        <ConfirmButton label={t('actions.enable')} question={t('confirm.enable', { name: user.name })} yes={t('actions.enable')} onConfirm={() => onEnable(true)} testId="user-enable" />
      ) : (
        !self && (
          <ConfirmButton label={t('actions.disable')} question={t('confirm.disable', { name: user.name })} yes={t('actions.disable')} danger onConfirm={() => onEnable(false)} testId="user-disable" />
        )
      )}
      {!user.disabledAt && (
        <ConfirmButton label={t('actions.resetPassword')} question={t('confirm.reset', { name: user.name })} yes={t('actions.resetPassword')} onConfirm={() => onReset()} testId="user-reset" />
      )}
    </span>
  );
}
