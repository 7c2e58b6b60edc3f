import { useTranslation } from 'react-i18next';
import { usePlatforms } from '../../../queries/use-platforms.ts';

/** The state filter's choices and the states each asks the server for. */
export const STATE_CHOICES = {
  attention: 'failed,partial,unrouted',
  unrouted: 'unrouted',
  failed: 'failed',
  partial: 'partial',
  received: 'received',
  processed: 'processed',
} as const;
export type StateChoice = keyof typeof STATE_CHOICES;

interface Props {
  state: StateChoice;
  platform: string | null;
  onState: (s: StateChoice) => void;
  onPlatform: (p: string | null) => void;
}

/** State and platform; the platforms come from the server's list, never written out here. */
export function JournalFilters({ state, platform, onState, onPlatform }: Props) {
  const { t } = useTranslation('settings-journal');
  const platforms = usePlatforms();
  return (
    <div className="journal-filters" role="group" aria-label={t('filters.label')}>
      <label className="field">
        <span className="field__label">{t('filters.state')}</span>
        <select value={state} onChange={(e) => onState(e.target.value as StateChoice)} data-testid="journal-filter-state">
          {(Object.keys(STATE_CHOICES) as StateChoice[]).map((s) => (
            <option key={s} value={s}>
              {t(`filters.states.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">{t('filters.platform')}</span>
        <select value={platform ?? ''} onChange={(e) => onPlatform(e.target.value || null)} data-testid="journal-filter-platform">
          <option value="">{t('filters.allPlatforms')}</option>
          {platforms.map((p) => (
            <option key={p.id} value={p.id}>
              {p.ui.name}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
