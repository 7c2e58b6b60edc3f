import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/http.ts';
import { NotificationPreferences } from '../../../components/notifications/NotificationPreferences.tsx';
import { useProfile } from '../../../queries/use-people.ts';
import { AvatarSection } from './AvatarSection.tsx';
import { LanguageSection } from './LanguageSection.tsx';
import { MySessions } from './MySessions.tsx';
import { NameSection } from './NameSection.tsx';
import { PasswordSection } from './PasswordSection.tsx';
import '../users/people.css';

/** Settings → Profile (everyone): name, picture, password, sessions, notifications, language. */
export function ProfilePage() {
  const { t } = useTranslation('settings-profile');
  const profile = useProfile();
  useEffect(() => {
    document.title = `${t('title')} — snorq`;
  }, [t]);
  return (
    <main className="page page--narrow people-sections" id="main" data-testid="profile-page">
      <div className="page__head">
        <h1>{t('title')}</h1>
        <p className="page__sub">{t('sub')}</p>
      </div>
      {profile.isPending && <p role="status">{t('loading')}</p>}
      {profile.isError && (
        <p className="form-error" role="alert">
          {errorMessage(profile.error)}
        </p>
      )}
      {profile.data && (
        <>
          <NameSection profile={profile.data} />
          <AvatarSection profile={profile.data} />
          <LanguageSection />
        </>
      )}
      <PasswordSection />
      <MySessions />
      <NotificationPreferences />
    </main>
  );
}
