import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { RadioButtons } from '../../components/RadioButtons.tsx';
import { PRESETS, type RangeChoice } from '../../lib/day-range.ts';

/**
 * The dashboard's range: the last 7, 14, 30 or 90 days, or two chosen days (both included), in
 * the organisation's time zone (named beside it, as the server reports it).
 */
export function RangePicker({ choice, range, onChange }: { choice: RangeChoice; range?: { from: string; to: string; timeZone: string }; onChange: (c: RangeChoice) => void }) {
  const { t } = useTranslation('dashboard');
  const [from, setFrom] = useState(range?.from ?? '');
  const [to, setTo] = useState(range?.to ?? '');
  const [error, setError] = useState('');
  // The days shown follow the range the server answered for. Kept in place rather than remounted:
  // a preset chosen with the arrow keys keeps the focus.
  const [shownFrom, shownTo] = [range?.from, range?.to];
  useEffect(() => {
    if (!shownFrom || !shownTo) return;
    setFrom(shownFrom);
    setTo(shownTo);
  }, [shownFrom, shownTo]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!from || !to) return setError(t('range.missing'));
    if (from > to) return setError(t('range.backwards'));
    setError('');
    onChange({ from, to });
  };
  return (
    <div className="range" data-testid="range">
      <RadioButtons
        label={t('range.presets')}
        options={PRESETS.map((days) => ({ value: String(days), label: t('range.lastDays', { count: days }), testId: `range-${days}` }))}
        value={'days' in choice ? String(choice.days) : null}
        onChange={(days) => onChange({ days: Number(days) })}
      />
      <form className="range__custom" onSubmit={submit} noValidate>
        <label>
          {t('range.from')}
          <input
            type="date"
            value={from}
            max={to || undefined}
            onChange={(e) => setFrom(e.target.value)}
            data-testid="range-from"
            aria-invalid={!!error}
            aria-describedby={error ? 'range-error' : undefined}
          />
        </label>
        <label>
          {t('range.to')}
          <input
            type="date"
            value={to}
            min={from || undefined}
            onChange={(e) => setTo(e.target.value)}
            data-testid="range-to"
            aria-invalid={!!error}
            aria-describedby={error ? 'range-error' : undefined}
          />
        </label>
        <button type="submit" className="button" data-testid="range-apply">
          {t('range.apply')}
        </button>
        {error && (
          <p className="form-error" id="range-error" role="alert">
            {error}
          </p>
        )}
      </form>
      {range && <p className="range__zone">{t('range.zone', { zone: range.timeZone })}</p>}
    </div>
  );
}
