import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Redirect, Route, Switch } from 'wouter';
import { useMe } from '../../app/session.tsx';
import { ChannelsPage } from '../channels/ChannelsPage.tsx';
import { CannedPage } from './canned/CannedPage.tsx';
import { LabelsPage } from './labels/LabelsPage.tsx';
import { IntegrationsPage } from './integrations/IntegrationsPage.tsx';
import { AutomationPage } from './automation/AutomationPage.tsx';
import { JournalPage } from './journal/JournalPage.tsx';
import { ExportPage } from './export/ExportPage.tsx';
import { AiSettingsPage } from './ai/AiSettingsPage.tsx';
import { OrganisationPage } from './organisation/OrganisationPage.tsx';
import { ProfilePage } from './profile/ProfilePage.tsx';
import { SettingsLayout } from './SettingsLayout.tsx';
import { TeamsPage } from './teams/TeamsPage.tsx';
import { TokensPage } from './tokens/TokensPage.tsx';
import { UsersPage } from './users/UsersPage.tsx';
import { settingsPagesFor } from './settings-pages.ts';

/** Everything under `/settings`: the settings navigation beside the chosen page. One route per line. */
export function SettingsRoutes() {
  return (
    <SettingsLayout>
      <Switch>
        <Route path="/settings/channels" component={ChannelsPage} />
        <Route path="/settings/profile" component={ProfilePage} />
        <Route path="/settings/users" component={UsersPage} />
        <Route path="/settings/tokens" component={TokensPage} />
        <Route path="/settings/canned" component={CannedPage} />
        <Route path="/settings/labels" component={LabelsPage} />
        <Route path="/settings/teams" component={TeamsPage} />
        <Route path="/settings/organisation" component={OrganisationPage} />
        <Route path="/settings/integrations" component={IntegrationsPage} />
        <Route path="/settings/automation" component={AutomationPage} />
        <Route path="/settings/journal" component={JournalPage} />
        <Route path="/settings/export" component={ExportPage} />
        <Route path="/settings/ai" component={AiSettingsPage} />
        <Route path="/settings/notifications">
          <Redirect to="/settings/profile" replace />
        </Route>
        <Route path="/settings" component={FirstSettingsPage} />
        <Route component={UnknownSettingsPage} />
      </Switch>
    </SettingsLayout>
  );
}

/** `/settings` alone opens the first page this user may see. */
function FirstSettingsPage() {
  const me = useMe();
  const first = settingsPagesFor(me.role)[0];
  return first ? <Redirect to={first.path} replace /> : <UnknownSettingsPage />;
}

function UnknownSettingsPage() {
  const { t } = useTranslation('settings');
  const title = t('notFound.title');
  useEffect(() => {
    document.title = `${title} — snorq`;
  }, [title]);
  return (
    <main className="page page--narrow" id="main">
      <h1>{title}</h1>
      <p>{t('notFound.text')}</p>
    </main>
  );
}
