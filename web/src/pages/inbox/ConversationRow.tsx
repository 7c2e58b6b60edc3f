import type { ConversationSummary } from '../../api/types.ts';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { Avatar } from '../../components/Avatar.tsx';
import { LabelChip, useLabelColors } from '../../components/LabelChip.tsx';
import { formatListTime } from '../../lib/time-format.ts';
import { usePlatformName } from '../../queries/use-platforms.ts';
import { PresenceDot } from '../../components/presence/PresenceDot.tsx';
import { ReplyWindowTag } from './ReplyWindowTag.tsx';
import { SlaTag } from './SlaTag.tsx';
import { useUsers } from './use-users.ts';

interface Props {
  conversation: ConversationSummary;
  now: Date;
  /** The signed-in agent: their own replies read "You:". */
  meId: number;
  /** Where the row leads: the conversation, keeping the list's filters in the address. */
  href: string;
  selected: boolean;
  tabbable: boolean;
  onFocus: () => void;
  /** Ticked for a bulk action (absent: the row has no checkbox). */
  checked?: boolean;
  /** The checkbox was clicked; `range` with Shift held. */
  onCheck?: (range: boolean) => void;
}

/** One conversation in the list. Everything from customers is rendered as text. */
export function ConversationRow({ conversation: c, now, meId, href, selected, tabbable, onFocus, checked, onCheck }: Props) {
  const { t } = useTranslation('inbox');
  const name = c.contact.name ?? c.contact.username ?? c.contact.phone ?? t('unknownContact');
  const unread = c.unreadCount > 0;
  const platformLabel = usePlatformName();
  const users = useUsers();
  const labelColors = useLabelColors();
  return (
    <li className={onCheck ? 'conv-item' : undefined}>
      {onCheck && (
        <span className="conv-select">
          <input type="checkbox" aria-label={t('row.select', { name })} checked={checked ?? false} onChange={() => undefined} onClick={(e) => onCheck(e.shiftKey)} data-testid="select-conversation" />
        </span>
      )}
      <Link
        to={href}
        className={`conv-row${selected ? ' conv-row--selected' : ''}${unread ? ' conv-row--unread' : ''}`}
        aria-current={selected ? 'true' : undefined}
        tabIndex={tabbable ? 0 : -1}
        onFocus={onFocus}
        data-testid="conversation-row"
        data-conversation-id={c.id}
        data-platform={c.platform}
        data-unread={c.unreadCount}
      >
        <Avatar name={name} url={c.contact.avatarUrl} seed={c.contact.id} platform={c.platform} size={42} />
        <span className="conv-row__main">
          <span className="conv-row__top">
            <span className="conv-row__name">{name}</span>
            <span className="visually-hidden">, {platformLabel(c.platform)}</span>
            <time className="conv-row__time" dateTime={c.lastMessageAt ?? undefined}>
              {formatListTime(c.lastMessageAt, now)}
            </time>
          </span>
          <span className="conv-row__preview">
            <SenderPrefix sender={c.lastSender} meId={meId} />
            {c.preview ?? ''}
          </span>
          {c.labels.length > 0 && (
            <span className="conv-row__labels" aria-label={t('row.labels')}>
              {c.labels.map((l) => (
                <span key={l} className="conv-row__label">
                  {l}
                </span>
              ))}
            </span>
          )}
          <span className="conv-row__meta">
            <SlaTag sla={c.sla} now={now} />
            <ReplyWindowTag window={c.replyWindow} platform={c.platform} now={now} />
            {c.status !== 'open' && <span className={`status-tag status-tag--${c.status}`}>{t(`status.${c.status}`)}</span>}
            {c.priority === 'urgent' || c.priority === 'high' ? <span className={`priority-tag priority-tag--${c.priority}`}>{t(`priority.${c.priority}`)}</span> : null}
            {c.labels.map((l) => (
              <LabelChip key={l} name={l} color={labelColors.get(l.toLowerCase())} testId="row-label" />
            ))}
            <span className="conv-row__assignee">
              {c.assignee && <PresenceDot presence={users.find((u) => u.id === c.assignee?.id)?.presence} />}
              {c.assignee ? (c.assignee.name ?? t('row.assigned')) : t('unassigned')}
            </span>
          </span>
        </span>
        {unread && (
          <span className="conv-row__unread" data-testid="unread-count">
            <span className="visually-hidden">{t('row.unread')} </span>
            {c.unreadCount > 99 ? '99+' : c.unreadCount}
          </span>
        )}
      </Link>
    </li>
  );
}

/** "You:", "Ana:", "Automatic:" or "From the app:" before a preview the business wrote; nothing before the customer's. */
function SenderPrefix({ sender, meId }: { sender: ConversationSummary['lastSender']; meId: number }) {
  const { t } = useTranslation('inbox');
  if (!sender || sender.kind === 'customer') return null;
  let text: string;
  if (sender.kind === 'automation') text = t('row.automatic');
  else if (sender.kind === 'platform_app') text = t('row.fromApp');
  else if (sender.userId === meId) text = t('row.you');
  else text = t('row.agent', { name: sender.name ?? t('bubble.agent') });
  return <span className="conv-row__sender">{text} </span>;
}
