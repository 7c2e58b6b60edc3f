import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/use-format.ts';
import { useUsers } from '../../pages/inbox/use-users.ts';
import type { CollisionWarning } from './send-guard.ts';
import './presence.css';

function useNames() {
  const { t } = useTranslation('presence');
  const users = useUsers();
  const format = useFormat();
  return (ids: readonly number[]) => format.list(ids.map((id) => users.find((u) => u.id === id)?.name ?? t('mention.someone')));
}

/** "Ana is typing…" / "Ana is viewing this conversation", above the composer; a polite live region, present even when empty so it is announced. */
export function ActivityLine({ typing, viewing }: { typing: readonly number[]; viewing: readonly number[] }) {
  const { t } = useTranslation('presence');
  const names = useNames();
  const text = typing.length > 0 ? t('typing', { count: typing.length, names: names(typing) }) : viewing.length > 0 ? t('viewing', { count: viewing.length, names: names(viewing) }) : '';
  return (
    <div className={`collision${text ? '' : ' collision--empty'}`} aria-live="polite" data-testid="conversation-activity" data-typing={typing.join(',')} data-viewing={viewing.join(',')}>
      {text}
    </div>
  );
}

/** Asked before a reply goes out while another agent types here or has just answered; Enter again (or the button) sends, Escape or the other button does not. */
export function CollisionPrompt({ warning, onSend, onCancel }: { warning: NonNullable<CollisionWarning>; onSend: () => void; onCancel: () => void }) {
  const { t } = useTranslation('presence');
  const names = useNames();
  const format = useFormat();
  const text =
    warning.kind === 'replied'
      ? t('warning.replied', { name: names([warning.userId]), ago: format.relative(warning.at, new Date()) })
      : t('warning.typing', { count: warning.userIds.length, names: names(warning.userIds) });
  return (
    <div className="collision collision--warning" role="alert" data-testid="collision-warning" data-kind={warning.kind}>
      <span>{text}</span>
      <button type="button" className="button button--primary button--small" onClick={onSend} data-testid="collision-send">
        {t('warning.send')}
      </button>
      <button type="button" className="button button--ghost button--small" onClick={onCancel} data-testid="collision-cancel">
        {t('warning.cancel')}
      </button>
    </div>
  );
}
