import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useMe } from '../../app/session.tsx';
import { useLiveEvents } from '../../live/live-provider.tsx';
import { useUsers } from '../../pages/inbox/use-users.ts';

interface Shown {
  conversationId: number;
  authorUserId: number | null;
  excerpt: string;
}

/**
 * "Ana mentioned you", in the page as the `mention` event arrives (the chime and the desktop
 * notification follow the agent's preferences: concerns-me.ts), with a link to the conversation.
 */
export function MentionToast() {
  const { t } = useTranslation('presence');
  const me = useMe();
  const users = useUsers();
  const [shown, setShown] = useState<Shown | null>(null);
  useLiveEvents((event) => {
    if (event.type !== 'mention' || !event.mentionedUserIds.includes(me.id) || event.authorUserId === me.id) return;
    setShown({ conversationId: event.conversationId, authorUserId: event.authorUserId, excerpt: event.excerpt });
  });
  if (!shown) return null;
  const name = users.find((u) => u.id === shown.authorUserId)?.name ?? t('mention.someone');
  return (
    <div className="mention-toast" role="status" data-testid="mention-toast">
      <strong>{t('mention.toast', { name })}</strong>
      <span>{shown.excerpt}</span>
      <Link to={`/inbox/${shown.conversationId}`} onClick={() => setShown(null)}>
        {t('mention.open')}
      </Link>
      <button type="button" className="button button--ghost button--small" onClick={() => setShown(null)}>
        {t('mention.dismiss')}
      </button>
    </div>
  );
}
