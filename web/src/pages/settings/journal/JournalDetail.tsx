import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/use-format.ts';
import { useJournalEntry } from '../../../queries/use-team-settings.ts';
import { LoadState } from '../SettingsPage.tsx';

/**
 * A JSON body indented for reading (platforms send it on one line); anything else, or a body cut
 * at 64 KB (no longer valid JSON), exactly as received.
 */
function readable(body: string, truncated: boolean): string {
  if (truncated) return body;
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** One entry as the platform sent it: what snorq kept of the request, and the body as plain text (never as HTML). */
export function JournalDetail({ id, domId }: { id: number; domId: string }) {
  const { t } = useTranslation('settings-journal');
  const format = useFormat();
  const entry = useJournalEntry(id, true);
  return (
    <div className="journal-detail" id={domId} data-testid="journal-entry-detail">
      <LoadState query={entry} loading={t('detail.loading')} failed={(message) => t('detail.failed', { message })} />
      {entry.data && (
        <>
          <dl className="journal-facts">
            <dt>{t('detail.received')}</dt>
            <dd>{format.dateTime(entry.data.receivedAt)}</dd>
            <dt>{t('detail.contentType')}</dt>
            <dd className="mono">{entry.data.contentType ?? t('detail.none')}</dd>
            <dt>{t('detail.attempts')}</dt>
            <dd>{format.number(entry.data.attempts)}</dd>
            <dt>{t('detail.processed')}</dt>
            <dd>{entry.data.processedAt ? format.dateTime(entry.data.processedAt) : t('detail.notYet')}</dd>
          </dl>
          <h3 className="journal-detail__title">{t('detail.body')}</h3>
          {entry.data.bodyTruncated && (
            <p className="journal-muted" data-testid="journal-entry-truncated">
              {t('detail.truncated')}
            </p>
          )}
          <pre className="journal-body mono" tabIndex={0} aria-label={t('detail.body')} data-testid="journal-entry-body">
            {readable(entry.data.body, entry.data.bodyTruncated)}
          </pre>
        </>
      )}
    </div>
  );
}
