import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ManagedUser, Role } from '../../../api/people-api.ts';

interface Props {
  user: ManagedUser;
  self: boolean;
  disabled: boolean;
  onChange: (role: Role) => void;
}

/**
 * A user's role. Making oneself an agent takes effect at once and cannot be undone without
 * another admin, so it asks first; the server keeps the last admin an admin on its own.
 */
export function RoleChoice({ user, self, disabled, onChange }: Props) {
  const { t } = useTranslation('settings-users');
  const [asking, setAsking] = useState(false);
  const choose = (role: Role) => {
    if (role === user.role) return;
    if (self && role === 'agent') setAsking(true);
    else onChange(role);
  };
  return (
    <span className="confirm">
      <select value={asking ? 'agent' : user.role} disabled={disabled || asking} onChange={(e) => choose(e.target.value as Role)} aria-label={t('list.role')} data-testid="user-role">
        <option value="agent">{t('role.agent')}</option>
        <option value="admin">{t('role.admin')}</option>
      </select>
      {asking && (
        <>
          <span className="confirm__question">{t('confirm.demoteSelf')}</span>
          <button
            type="button"
            className="button button--small button--danger"
            onClick={() => {
              setAsking(false);
              onChange('agent');
            }}
            data-testid="user-role-yes"
          >
            {t('confirm.yes')}
          </button>
          <button type="button" className="button button--small" onClick={() => setAsking(false)}>
            {t('confirm.cancel')}
          </button>
        </>
      )}
    </span>
  );
}
