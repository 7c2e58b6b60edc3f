import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime, formatList, formatNumber, formatRelative, formatTime, formatUnit } from './format.ts';

/**
 * The formatters of `format.ts` bound to the language the UI is in; a component using it
 * re-renders when the language changes (through useTranslation).
 */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? i18n.language;
  return useMemo(
    () => ({
      locale,
      date: (value: string | number | Date, options?: Intl.DateTimeFormatOptions) => formatDate(value, locale, options),
      dateTime: (value: string | number | Date) => formatDateTime(value, locale),
      time: (value: string | number | Date) => formatTime(value, locale),
      number: (value: number, options?: Intl.NumberFormatOptions) => formatNumber(value, locale, options),
      relative: (value: string | number | Date, now: Date) => formatRelative(value, now, locale),
      unit: (value: number, unit: 'second' | 'minute' | 'hour' | 'day') => formatUnit(value, unit, locale),
      list: (items: readonly string[]) => formatList(items, locale),
    }),
    [locale],
  );
}
