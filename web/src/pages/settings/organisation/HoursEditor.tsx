import { X } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { Weekday } from '../../../api/team-settings-api.ts';
import { useFormat } from '../../../i18n/use-format.ts';
import type { FieldErrors } from '../../../lib/field-errors.ts';
import { FieldError } from '../users/FieldError.tsx';
import { newKey, WEEKDAYS, type RangeDraft } from './organisation-draft.ts';

interface Props {
  hours: RangeDraft[];
  errors: FieldErrors;
  onChange: (hours: RangeDraft[]) => void;
}

/** 2026-11-30 was a Monday: the weekday names come from the language's own calendar. */
const MONDAY = Date.UTC(2026, 10, 30);

/** The week, a day per row: its ranges (several allowed), or "Closed" when it has none. */
export function HoursEditor({ hours, errors, onChange }: Props) {
  const { t } = useTranslation('settings-organisation');
  const format = useFormat();
  const add = (day: Weekday) => {
    const last = hours.filter((h) => h.day === day).at(-1);
    const range = last ? { start: last.end === '00:00' ? '' : last.end, end: '' } : { start: '09:00', end: '17:00' };
    onChange([...hours, { key: newKey(), day, ...range }]);
  };
  return (
    <section className="card" aria-labelledby="org-hours-title">
      <h2 id="org-hours-title">{t('hours.title')}</h2>
      <p className="field__hint">{hours.length === 0 ? t('hours.noneSet') : t('hours.hint')}</p>
      <ul className="org-week" data-testid="org-week">
        {WEEKDAYS.map((day, d) => {
          const dayName = format.date(MONDAY + d * 86_400_000, { weekday: 'long', timeZone: 'UTC' });
          const ranges = hours.map((h, index) => ({ h, index })).filter(({ h }) => h.day === day);
          return (
            <li key={day} className="org-day" data-testid={`org-day-${day}`}>
              <span className="org-day__name">{dayName}</span>
              <div className="org-day__ranges">
                {ranges.length === 0 && <span className="org-closed">{hours.length === 0 ? t('hours.allOpen') : t('hours.closed')}</span>}
                {ranges.map(({ h, index }) => (
                  <RangeRow
                    key={h.key}
                    range={h}
                    index={index}
                    dayName={dayName}
                    errors={errors}
                    onChange={(next) => onChange(hours.map((o, i) => (i === index ? next : o)))}
                    onRemove={() => onChange(hours.filter((_, i) => i !== index))}
                  />
                ))}
                <button type="button" className="button button--small org-day__add" onClick={() => add(day)} data-testid={`org-day-${day}-add`}>
                  {t('hours.add', { day: dayName })}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

interface RangeProps {
  range: RangeDraft;
  index: number;
  dayName: string;
  errors: FieldErrors;
  onChange: (r: RangeDraft) => void;
  onRemove: () => void;
}

function RangeRow({ range, index, dayName, errors, onChange, onRemove }: RangeProps) {
  const { t } = useTranslation('settings-organisation');
  const startError = errors[`businessHours.${index}.start`];
  const endError = errors[`businessHours.${index}.end`];
  const errorId = `org-range-${range.key}-error`;
  return (
    <div className="org-range" role="group" aria-label={t('hours.rangeLabel', { day: dayName })} data-testid="org-range" data-day={range.day} data-index={index}>
      <span className="org-range__times">
        <input
          type="time"
          step={60}
          value={range.start}
          onChange={(e) => onChange({ ...range, start: e.target.value })}
          aria-label={t('hours.start', { day: dayName })}
          aria-invalid={!!startError}
          aria-describedby={startError || endError ? errorId : undefined}
          data-testid="org-range-start"
        />
        <span aria-hidden="true">–</span>
        <input
          type="time"
          step={60}
          value={range.end}
          onChange={(e) => onChange({ ...range, end: e.target.value })}
          aria-label={t('hours.end', { day: dayName })}
          aria-invalid={!!endError}
          aria-describedby={startError || endError ? errorId : undefined}
          data-testid="org-range-end"
        />
        <button
          type="button"
          className="button button--small button--ghost"
          onClick={onRemove}
          aria-label={t('hours.remove', { day: dayName, start: range.start, end: range.end })}
          data-testid="org-range-remove"
        >
          <X size={16} aria-hidden="true" />
        </button>
      </span>
      <FieldError id={errorId} message={[startError, endError].filter(Boolean).join(' ') || undefined} />
    </div>
  );
}
