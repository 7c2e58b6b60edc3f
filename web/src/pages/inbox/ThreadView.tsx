import { ArrowLeft } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState, type ComponentProps } from 'react';
import { errorMessage } from '../../api/http.ts';
import { retryMessage } from '../../api/inbox-api.ts';
import type { Message, User } from '../../api/types.ts';
import { upsertThreadMessage } from '../../queries/thread-cache.ts';
import { Composer } from './Composer.tsx';
import { MessageList } from './MessageList.tsx';
import { ThreadHeader } from './ThreadHeader.tsx';
import { useThread } from './use-thread.ts';
import { ThreadPlatformContext } from './thread-platform.ts';
import { Forwarding } from './forwarding/Forwarding.tsx';
import './thread.css';

interface Props {
  conversationId: number;
  users: User[];
  meId: number;
  focusMessageId: number | null;
  onBack: () => void;
  contactOpen: boolean;
  onToggleContact: () => void;
  /** False when opened by a keyboard shortcut: the focus stays in the list. */
  autoFocusComposer?: boolean;
  /** Resolve and go on to the next waiting conversation (the header's button). */
  resolve?: ComponentProps<typeof ThreadHeader>['resolve'];
}

/** The open conversation: header with its controls, the virtualised messages, the composer. */
export function ThreadView({ conversationId, users, meId, focusMessageId, onBack, contactOpen, onToggleContact, autoFocusComposer, resolve }: Props) {
  const { t } = useTranslation('inbox');
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const [retryError, setRetryError] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const thread = useThread(conversationId);
  const { detail } = thread;
  const upsert = useCallback((message: Message) => upsertThreadMessage(queryClient, message), [queryClient]);

  const name = detail?.contact.name;
  useEffect(() => {
    document.title = name ? `${name} — snorq` : t('pageTitle');
  }, [name, t]);

  const onRetry = useCallback(
    async (message: Message) => {
      setRetryError(null);
      try {
        upsert(await retryMessage(message.id));
      } catch (err) {
        setRetryError(errorMessage(err));
      }
    },
    [upsert],
  );

  const focusComposer = useCallback(() => document.querySelector<HTMLTextAreaElement>('[data-testid="composer"]')?.focus(), []);
  const onReply = useCallback(
    (message: Message) => {
      setReplyTo(message);
      focusComposer();
    },
    [focusComposer],
  );

  if (thread.status === 'error' && !detail) return <ThreadError error={thread.error} onBack={onBack} onRetry={thread.reload} />;

  return (
    <div className="thread" data-testid="thread" data-conversation-id={conversationId}>
      <ThreadHeader detail={detail} users={users} meId={meId} onBack={onBack} contactOpen={contactOpen} onToggleContact={onToggleContact} resolve={resolve} />
      {thread.status === 'loading' ? (
        <p className="thread__loading" role="status">
          {t('thread.loadingMessages')}
        </p>
      ) : (
        <ThreadPlatformContext.Provider value={detail?.platform ?? null}>
          <Forwarding from={{ conversationId, platform: detail?.platform ?? null, contact: detail?.contact.name ?? null }} messages={thread.messages}>
            <MessageList
              conversationId={conversationId}
              messages={thread.messages}
              hasOlder={thread.previousCursor !== null}
              loadingOlder={thread.loadingOlder}
              olderError={thread.olderError}
              onLoadOlder={thread.loadOlder}
              seek={thread.seek}
              focusMessageId={focusMessageId}
              onReply={onReply}
              onRetry={onRetry}
            />
          </Forwarding>
        </ThreadPlatformContext.Provider>
      )}
      {retryError && (
        <p className="form-error thread__error" role="alert">
          {t('thread.retryFailed', { error: retryError })}
        </p>
      )}
      {detail && (
        <Composer
          key={detail.id}
          conversation={detail}
          replyTo={replyTo}
          messages={thread.messages}
          onClearReply={() => setReplyTo(null)}
          onSent={(m) => {
            upsert(m);
            setReplyTo(null);
          }}
          onWindowChanged={thread.refreshDetail}
          autoFocus={autoFocusComposer}
        />
      )}
    </div>
  );
}

function ThreadError({ error, onBack, onRetry }: { error: string | null; onBack: () => void; onRetry: () => void }) {
  const { t } = useTranslation('inbox');
  return (
    <div className="thread thread--error" role="alert">
      <button type="button" className="button button--ghost thread__back" onClick={onBack}>
        <ArrowLeft size={16} /> {t('thread.backShort')}
      </button>
      <p>{t('thread.openFailed', { error })}</p>
      <button type="button" className="button" onClick={onRetry}>
        {t('actions.retry', { ns: 'common' })}
      </button>
    </div>
  );
}
