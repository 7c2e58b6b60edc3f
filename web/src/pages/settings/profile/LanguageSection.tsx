import { useTranslation } from 'react-i18next';
import { UserLanguagePicker } from '../../../i18n/UserLanguagePicker.tsx';

/** The language of snorq for me (stored on my profile; none chosen follows the browser). */
export function LanguageSection() {
  const { t } = useTranslation('settings-profile');
  return (
    <section className="card" aria-labelledby="profile-language-title" data-testid="profile-language">
      <h2 id="profile-language-title">{t('language.title')}</h2>
      <UserLanguagePicker />
    </section>
  );
}
