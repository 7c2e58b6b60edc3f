import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/http.ts';
import { LanguagePicker } from './LanguagePicker.tsx';
import { useUserLanguage } from './use-user-language.ts';

/** The signed-in user's language picker: changes the UI at once and stores the choice (PATCH /api/v1/me). */
export function UserLanguagePicker({ compact }: { compact?: boolean }) {
  const { t } = useTranslation();
  const { language, ready, change, saving, error } = useUserLanguage();
  return (
    <>
      <LanguagePicker value={language} onChange={change} disabled={!ready || saving} compact={compact} />
      {error && (
        <span className="form-error" role="alert" data-testid="language-error">
          {t('language.saveFailed', { message: errorMessage(error) })}
        </span>
      )}
    </>
  );
}
