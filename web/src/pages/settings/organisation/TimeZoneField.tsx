import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldError } from '../users/FieldError.tsx';

/**
 * The time zones this browser knows (IANA names), UTC first; the organisation's own zone is kept
 * even if the browser lists it under another name (an alias the server accepted).
 */
export function useTimeZones(current: string): string[] {
  return useMemo(() => {
    const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    return [...new Set(['UTC', current, ...known])];
  }, [current]);
}

/** The current time in a zone, to confirm the choice ("14:05 there now"); empty for an unknown zone. */
function timeIn(zone: string, locale: string): string {
  try {
    return new Intl.DateTimeFormat(locale, { timeZone: zone, hour: '2-digit', minute: '2-digit', weekday: 'short' }).format(new Date());
  } catch {
    return '';
  }
}

interface Props {
  value: string;
  zones: string[];
  error: string | undefined;
  onChange: (zone: string) => void;
}

/** A text field with the zones as suggestions: typing "berl" offers Europe/Berlin (the browser's own searchable list). */
export function TimeZoneField({ value, zones, error, onChange }: Props) {
  const { t, i18n } = useTranslation('settings-organisation');
  const known = zones.includes(value);
  const now = known ? timeIn(value, i18n.resolvedLanguage ?? 'en') : '';
  return (
    <label className="field">
      <span className="field__label">
        {t('identity.timeZone')} <span className="field__hint">{t('identity.timeZoneHint')}</span>
      </span>
      <input
        value={value}
        onChange={(e) => onChange(e.target.value)}
        list="org-time-zones"
        spellCheck={false}
        autoComplete="off"
        aria-invalid={!!error}
        aria-describedby={error ? 'org-timezone-error' : 'org-timezone-now'}
        data-testid="org-timezone"
      />
      <datalist id="org-time-zones">
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      {now && (
        <span className="field__hint" id="org-timezone-now" data-testid="org-timezone-now">
          {t('identity.timeThere', { time: now })}
        </span>
      )}
      <FieldError id="org-timezone-error" message={error} />
    </label>
  );
}
