import { Info, Link2 } from 'lucide-react';
import { PlatformFailure } from '../../components/PlatformFailure.tsx';
import { useTranslation } from 'react-i18next';
import { memo } from 'react';
import type { Message } from '../../api/types.ts';
import { isThreadNotice, noticeText } from '../../lib/thread-notice.ts';
import { tickState } from '../../lib/ticks.ts';
import { formatClock } from '../../lib/time-format.ts';
import { useFormat } from '../../i18n/use-format.ts';
import { MessageAuthorLine, NoteText } from '../../components/presence/MessageAuthor.tsx';
import { DeliveryTicks } from './DeliveryTicks.tsx';
import { MessageBody } from './MessageBody.tsx';
import { ReactionMenu } from './ReactionMenu.tsx';
import { ForwardButtons } from './forwarding/ForwardButtons.tsx';
import { ForwardedFrom } from './forwarding/ForwardedFrom.tsx';

interface Props {
  message: Message;
  /** The quoted message: the message, `null` when it is not loaded ("original message"), undefined when none. */
  quoted: Message | null | undefined;
  continued: boolean;
  /** The first of a run of one author's messages: their name (or the feature that sent it) above it. */
  showAuthor: boolean;
  highlighted: boolean;
  onReply: (message: Message) => void;
  onRetry: (message: Message) => void;
}

/** One message: customer's on the left, ours on the right, notes in yellow. All content is text. */
export const MessageBubble = memo(function MessageBubble({ message: m, quoted, continued, showAuthor, highlighted, onReply, onRetry }: Props) {
  const { t } = useTranslation('inbox');
  const format = useFormat();
  if (isThreadNotice(m)) return <ThreadNotice message={m} />;
  const side = m.isPrivateNote ? 'note' : m.direction;
  const tick = tickState(m);
  const classes = ['bubble-row', `bubble-row--${m.direction}`, m.isPrivateNote ? 'bubble-row--note' : '', continued ? 'bubble-row--continued' : '', highlighted ? 'bubble-row--highlight' : ''];
  return (
    <article
      className={classes.join(' ')}
      data-testid="message"
      data-message-id={m.id}
      data-status={m.status}
      data-direction={m.direction}
      data-content-type={m.contentType}
      aria-label={`${m.isPrivateNote ? t('bubble.note') : m.direction === 'inbound' ? t('bubble.customer') : (m.author?.name ?? t('bubble.you'))}, ${formatClock(m.timestamp)}`}
    >
      <div className={`bubble bubble--${side}`}>
        {showAuthor && <MessageAuthorLine message={m} />}
        {m.isPrivateNote && <span className="bubble__note-label">{t('bubble.noteLabel')}</span>}
        {m.isEcho && !m.isPrivateNote && <span className="bubble__echo">{t('bubble.echo')}</span>}
        {m.referral && <span className="bubble__echo">{t('bubble.referral')}</span>}
        {m.forwardedFrom && <ForwardedFrom from={m.forwardedFrom} />}
        {quoted !== undefined && (
          <blockquote className="bubble__quote" data-testid="quoted-reply">
            {quoted ? (quoted.deletedAt ? t('bubble.removedQuote') : (quoted.preview ?? quoted.content ?? t('bubble.attachment'))) : t('bubble.original')}
          </blockquote>
        )}
        {m.deletedAt ? <p className="bubble__removed">{t('bubble.removed')}</p> : <Body message={m} />}
        <footer className="bubble__meta">
          {m.editedAt && !m.deletedAt && <span className="bubble__edited">{t('bubble.edited')}</span>}
          <time dateTime={m.timestamp} title={format.dateTime(m.timestamp)}>
            {formatClock(m.timestamp)}
          </time>
          <DeliveryTicks state={tick} />
        </footer>
      </div>
      {m.reactions.length > 0 && <Reactions message={m} />}
      {tick === 'failed' && (
        <div className="bubble__failed" data-testid="message-failed">
          <span>
            {t('ticks.failed')}
            {(m.errorReason || m.errorCode) && ': '}
            <PlatformFailure code={m.errorCode} reason={m.errorReason} detail={m.errorDetail} />
          </span>
          <button type="button" className="button button--small" onClick={() => onRetry(m)} data-testid="retry-button">
            {t('bubble.retry')}
          </button>
        </div>
      )}
      {!m.isPrivateNote && !m.deletedAt && (
        <div className="bubble__actions">
          <button type="button" className="bubble__reply" onClick={() => onReply(m)} aria-label={t('bubble.replyTo')} data-testid="reply-button">
            {t('bubble.reply')}
          </button>
          {m.direction === 'inbound' && m.externalId && <ReactionMenu message={m} />}
          <ForwardButtons message={m} />
        </div>
      )}
    </article>
  );
});

/** The customer's reaction and the team's (one per message on every platform); a reaction the platform refused says why. */
function Reactions({ message: m }: { message: Message }) {
  const { t } = useTranslation('inbox');
  const { t: ta } = useTranslation('message-actions');
  return (
    <ul className="reactions" aria-label={t('bubble.reactions')} data-testid="reactions">
      {m.reactions.map((r, i) => (
        <li
          key={`${r.by}-${i}`}
          className={`reaction${r.failed ? ' reaction--failed' : ''}`}
          title={r.by === 'customer' ? t('bubble.customer') : ta('reactions.yours')}
          data-by={r.by === 'customer' ? 'customer' : 'team'}
          data-failed={r.failed ? 'true' : undefined}
        >
          {r.emoji}
          {r.failed && <span className="reaction__failed">{ta(r.failed.removing ? 'reactions.removeFailed' : 'reactions.failed', { reason: r.failed.reason })}</span>}
        </li>
      ))}
    </ul>
  );
}

/** A note that mentions agents shows their `@Name`s highlighted (a plain note, one with files, and every message go as they are). */
function Body({ message: m }: { message: Message }) {
  if (m.isPrivateNote && m.mentions?.length && m.content && m.media.length === 0 && !m.card) return <NoteText text={m.content} mentions={m.mentions} />;
  return <MessageBody message={m} />;
}

/** An event in the thread, not a message: a number change, a customer arriving from a link or an ad. */
function ThreadNotice({ message: m }: { message: Message }) {
  const { t } = useTranslation('inbox');
  const format = useFormat();
  return (
    <article className="thread-notice" data-testid="message" data-message-id={m.id} data-content-type={m.contentType} aria-label={t('bubble.notice', { time: formatClock(m.timestamp) })}>
      <p className="thread-notice__text">
        {m.contentType === 'referral' ? <Link2 size={14} /> : <Info size={14} />} {noticeText(m)}
      </p>
      <time dateTime={m.timestamp} title={format.dateTime(m.timestamp)}>
        {formatClock(m.timestamp)}
      </time>
    </article>
  );
}
