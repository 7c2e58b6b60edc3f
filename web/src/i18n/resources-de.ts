/** The German texts, a chunk of their own fetched when the language is chosen (i18n.ts, its backend `chunks`). */
import deCommon from './locales/de/common.json';
import deLogin from './locales/de/login.json';
import deInbox from './locales/de/inbox.json';
import deInboxLabels from './locales/de/inbox-labels.json';
import deSettings from './locales/de/settings.json';
import deSettingsCanned from './locales/de/settings-canned.json';
import deSettingsLabels from './locales/de/settings-labels.json';
import deSettingsTeams from './locales/de/settings-teams.json';
import deSettingsAutomation from './locales/de/settings-automation.json';
import deSettingsUsers from './locales/de/settings-users.json';
import deSettingsProfile from './locales/de/settings-profile.json';
import deSettingsTokens from './locales/de/settings-tokens.json';
import deChannelsConnect from './locales/de/channels-connect.json';
import dePresence from './locales/de/presence.json';
import deDashboard from './locales/de/dashboard.json';
import deContacts from './locales/de/contacts.json';
import deSettingsJournal from './locales/de/settings-journal.json';
import deSettingsOrganisation from './locales/de/settings-organisation.json';
import deSettingsIntegrations from './locales/de/settings-integrations.json';
import deMessageActions from './locales/de/message-actions.json';
import deInboxTools from './locales/de/inbox-tools.json';
import deChannels from './locales/de/channels.json';
import deNotifications from './locales/de/notifications.json';
import deErrors from './locales/de/errors.json';
import deComposerAttachments from './locales/de/composer-attachments.json';
import deComposerVoice from './locales/de/composer-voice.json';
import deServerTexts from './locales/de/server-texts.json';
import deAi from './locales/de/ai.json';
import deInteractive from './locales/de/interactive.json';
import type { Resources } from './resources-en.ts';

export const de: Resources = {
  common: deCommon,
  login: deLogin,
  inbox: deInbox,
  'inbox-labels': deInboxLabels,
  settings: deSettings,
  'settings-canned': deSettingsCanned,
  'settings-labels': deSettingsLabels,
  'settings-teams': deSettingsTeams,
  'settings-automation': deSettingsAutomation,
  'settings-users': deSettingsUsers,
  'settings-profile': deSettingsProfile,
  'settings-tokens': deSettingsTokens,
  'channels-connect': deChannelsConnect,
  presence: dePresence,
  dashboard: deDashboard,
  contacts: deContacts,
  'settings-journal': deSettingsJournal,
  'settings-organisation': deSettingsOrganisation,
  'settings-integrations': deSettingsIntegrations,
  'inbox-tools': deInboxTools,
  'message-actions': deMessageActions,
  channels: deChannels,
  notifications: deNotifications,
  errors: deErrors,
  'composer-attachments': deComposerAttachments,
  'composer-voice': deComposerVoice,
  'server-texts': deServerTexts,
  interactive: deInteractive,
  ai: deAi,
};
