import { useTranslation } from 'react-i18next';
import { NotificationPreferences } from '../../../components/notifications/NotificationPreferences.tsx';
import { useProfile } from '../../../queries/use-people.ts';
import { AvatarSection } from './AvatarSection.tsx';
import { LanguageSection } from './LanguageSection.tsx';
import { MySessions } from './MySessions.tsx';
import { NameSection } from './NameSection.tsx';
import { PasswordSection } from './PasswordSection.tsx';
import { LoadState, SettingsPage } from '../SettingsPage.tsx';
import '../users/people.css';

/** Settings → Profile (everyone): name, picture, password, sessions, notifications, language. */
export function ProfilePage() {
  const { t } = useTranslation('settings-profile');
  const profile = useProfile();
  return (
    <SettingsPage title={t('title')} sub={t('sub')} narrow testId="profile-page">
      <LoadState query={profile} loading={t('loading')} failed={(message) => message} />
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
    </SettingsPage>
  );
}
