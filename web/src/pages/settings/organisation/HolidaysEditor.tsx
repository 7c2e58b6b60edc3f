import { useTranslation } from 'react-i18next';
import type { FieldErrors } from '../../../lib/field-errors.ts';
import { FieldError } from '../users/FieldError.tsx';
import { newKey, type HolidayDraft } from './organisation-draft.ts';

interface Props {
  holidays: HolidayDraft[];
  errors: FieldErrors;
  onChange: (holidays: HolidayDraft[]) => void;
}

/** Whole days closed (in the organisation's time zone), each with a name. */
export function HolidaysEditor({ holidays, errors, onChange }: Props) {
  const { t } = useTranslation('settings-organisation');
  const set = (index: number, next: HolidayDraft) => onChange(holidays.map((h, i) => (i === index ? next : h)));
  return (
    <section className="card" aria-labelledby="org-holidays-title">
      <h2 id="org-holidays-title">{t('holidays.title')}</h2>
      <p className="field__hint">{t('holidays.hint')}</p>
      {holidays.length === 0 && <p className="notice">{t('holidays.none')}</p>}
      <ul className="org-holidays" data-testid="org-holidays">
        {holidays.map((h, i) => {
          const dateError = errors[`holidays.${i}.date`];
          const nameError = errors[`holidays.${i}.name`];
          return (
            <li key={h.key} className="org-holiday" data-testid="org-holiday">
              <label className="field">
                <span className="field__label">{t('holidays.date')}</span>
                <input type="date" value={h.date} onChange={(e) => set(i, { ...h, date: e.target.value })} aria-invalid={!!dateError} data-testid="org-holiday-date" />
                <FieldError id={`org-holiday-${h.key}-date-error`} message={dateError} />
              </label>
              <label className="field org-holiday__name">
                <span className="field__label">{t('holidays.name')}</span>
                <input value={h.name} onChange={(e) => set(i, { ...h, name: e.target.value })} aria-invalid={!!nameError} data-testid="org-holiday-name" />
                <FieldError id={`org-holiday-${h.key}-name-error`} message={nameError} />
              </label>
              <button type="button" className="button button--small org-holiday__remove" onClick={() => onChange(holidays.filter((_, j) => j !== i))} data-testid="org-holiday-remove">
                {t('holidays.remove')}
              </button>
            </li>
          );
        })}
      </ul>
      <button type="button" className="button button--small" onClick={() => onChange([...holidays, { key: newKey(), date: '', name: '' }])} data-testid="org-holiday-add">
        {t('holidays.add')}
      </button>
    </section>
  );
}
