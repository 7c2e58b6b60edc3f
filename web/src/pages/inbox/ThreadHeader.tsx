import { ArrowLeft, CheckCheck, SlidersHorizontal, UserRound } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import type { ConversationDetail, User } from '../../api/types.ts';
import { Avatar } from '../../components/Avatar.tsx';
import { PlatformBadge } from '../../components/PlatformBadge.tsx';
import { useNow } from '../../components/use-now.ts';
import { ConversationControls } from './ConversationControls.tsx';
import { ReplyWindowTag } from './ReplyWindowTag.tsx';

interface Props {
  detail: ConversationDetail | null;
  users: User[];
  meId: number;
  onBack: () => void;
  contactOpen: boolean;
  onToggleContact: () => void;
  /** Resolve and go on to the next waiting conversation of the view (use-resolve-next.ts). */
  resolve?: { run: () => void; pending: boolean; error: string | null };
}

/**
 * Who the conversation is with, and the actions where the eye is: Resolve-and-next, the controls
 * (folded behind "Manage" on a phone) and the contact (a drawer below 1200 px; always beside the
 * thread above, where its button is not shown). On a phone the buttons keep their icon and name
 * the action for screen readers, leaving the width to the contact's name.
 */
export function ThreadHeader({ detail, users, meId, onBack, contactOpen, onToggleContact, resolve }: Props) {
  const { t } = useTranslation('inbox');
  const now = useNow();
  // On a phone the controls fold away behind "Manage" to leave room for the messages.
  const [manage, setManage] = useState(false);
  const name = detail ? (detail.contact.name ?? detail.contact.username ?? detail.contact.phone ?? t('unknownContact')) : '';
  return (
    <header className={`thread-header${manage ? ' thread-header--manage' : ''}`}>
      <div className="thread-header__row">
        <button type="button" className="button button--ghost thread-header__back" onClick={onBack} aria-label={t('thread.back')} data-testid="thread-back">
          <ArrowLeft size={18} />
        </button>
        {detail ? (
          <>
            <Avatar name={name} url={detail.contact.avatarUrl} seed={detail.contact.id} size={36} />
            <div className="thread-header__who">
              <h2 className="thread-header__name" data-testid="thread-contact-name" tabIndex={-1}>
                {name}
              </h2>
              <span className="thread-header__sub">
                <PlatformBadge platform={detail.platform} />
                <span className="thread-header__channel">{t('thread.via', { channel: detail.channel.name })}</span>
                <ReplyWindowTag window={detail.replyWindow} platform={detail.platform} now={now} />
              </span>
            </div>
            {resolve && detail.status !== 'resolved' && (
              <button
                type="button"
                className="button button--primary thread-header__action"
                onClick={resolve.run}
                disabled={resolve.pending}
                title={t('thread.resolveNextHint')}
                data-testid="resolve-next"
              >
                <CheckCheck size={18} aria-hidden="true" />
                <span className="thread-header__label">{t('thread.resolveNext')}</span>
              </button>
            )}
            <button
              type="button"
              className="button button--ghost thread-header__action thread-header__manage"
              aria-expanded={manage}
              aria-controls="conversation-controls"
              onClick={() => setManage((m) => !m)}
              data-testid="toggle-controls"
            >
              <SlidersHorizontal size={18} aria-hidden="true" />
              <span className="thread-header__label">{t('thread.manage')}</span>
            </button>
            <button type="button" className="button button--ghost thread-header__action thread-header__contact" aria-expanded={contactOpen} onClick={onToggleContact} data-testid="toggle-contact">
              <UserRound size={18} aria-hidden="true" />
              <span className="thread-header__label">{t('contact')}</span>
            </button>
          </>
        ) : (
          <span className="thread-header__name">{t('thread.loading')}</span>
        )}
      </div>
      {resolve?.error && (
        <p className="form-error thread-header__error" role="alert">
          {resolve.error}
        </p>
      )}
      {detail && <ConversationControls conversation={detail} users={users} meId={meId} />}
    </header>
  );
}
