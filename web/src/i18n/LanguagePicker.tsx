import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import './language-picker.css';
import { browserLanguage, isLanguage, LANGUAGE_NAMES, LANGUAGES, type Language } from './languages.ts';

interface Props {
  /** The stored choice; null follows the browser. */
  value: Language | null;
  onChange: (language: Language | null) => void;
  disabled?: boolean;
  /** Shown beside the label, e.g. shorter in the shell bar. */
  compact?: boolean;
}

/** The language of the UI: each language named in itself, or "the browser's" (stored as null). */
export function LanguagePicker({ value, onChange, disabled, compact }: Props) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <span className={compact ? 'language-picker language-picker--compact' : 'language-picker field'}>
      <label htmlFor={id} className={compact ? 'visually-hidden' : 'field__label'}>
        {t('language.label')}
      </label>
      <select id={id} value={value ?? ''} disabled={disabled} onChange={(e) => onChange(isLanguage(e.target.value) ? e.target.value : null)} data-testid="language-picker">
        <option value="">{t('language.browser', { language: LANGUAGE_NAMES[browserLanguage()] })}</option>
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LANGUAGE_NAMES[code]}
          </option>
        ))}
      </select>
    </span>
  );
}
