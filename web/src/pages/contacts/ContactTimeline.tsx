import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/http.ts';
import { PlatformBadge } from '../../components/PlatformBadge.tsx';
import { useFormat } from '../../i18n/use-format.ts';
import { useContactTimeline } from '../../queries/use-contacts.ts';

/** Every message with the person on every platform, oldest at the top; earlier pages on demand. */
export function ContactTimeline({ contactId }: { contactId: number }) {
  const { t } = useTranslation('contacts');
  const format = useFormat();
  const timeline = useContactTimeline(contactId);
  // Pages come newest first; each page is oldest first.
  const items = (timeline.data?.pages ?? [])
    .slice()
    .reverse()
    .flatMap((p) => p.items);
  return (
    <div className="timeline" data-testid="contact-timeline">
      {timeline.hasNextPage && (
        <button type="button" className="button button--small" onClick={() => void timeline.fetchNextPage()} disabled={timeline.isFetchingNextPage}>
          {t('timeline.earlier')}
        </button>
      )}
      {timeline.isError && (
        <p className="form-error" role="alert">
          {errorMessage(timeline.error)}
        </p>
      )}
      <ol className="timeline__list">
        {items.map(({ message: m, platform, channelName }) => (
          <li key={m.id} className={`timeline__item timeline__item--${m.isPrivateNote ? 'note' : m.direction}`} data-testid="timeline-item" data-platform={platform}>
            <span className="timeline__meta">
              <PlatformBadge platform={platform} /> <span>{channelName}</span> <time dateTime={m.timestamp}>{format.dateTime(m.timestamp)}</time>
            </span>
            <span className="timeline__text">{m.content ?? m.preview ?? t('timeline.kind', { kind: m.contentType })}</span>
          </li>
        ))}
      </ol>
      {timeline.isSuccess && items.length === 0 && <p>{t('timeline.empty')}</p>}
    </div>
  );
}
