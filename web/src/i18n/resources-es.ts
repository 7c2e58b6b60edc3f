/** The Spanish texts, a chunk of their own fetched when the language is chosen (i18n.ts, its backend `chunks`). */
import esCommon from './locales/es/common.json';
import esLogin from './locales/es/login.json';
import esInbox from './locales/es/inbox.json';
import esInboxLabels from './locales/es/inbox-labels.json';
import esSettings from './locales/es/settings.json';
import esSettingsCanned from './locales/es/settings-canned.json';
import esSettingsLabels from './locales/es/settings-labels.json';
import esSettingsTeams from './locales/es/settings-teams.json';
import esSettingsAutomation from './locales/es/settings-automation.json';
import esSettingsUsers from './locales/es/settings-users.json';
import esSettingsProfile from './locales/es/settings-profile.json';
import esSettingsTokens from './locales/es/settings-tokens.json';
import esChannelsConnect from './locales/es/channels-connect.json';
import esPresence from './locales/es/presence.json';
import esDashboard from './locales/es/dashboard.json';
import esContacts from './locales/es/contacts.json';
import esSettingsJournal from './locales/es/settings-journal.json';
import esSettingsOrganisation from './locales/es/settings-organisation.json';
import esSettingsIntegrations from './locales/es/settings-integrations.json';
import esMessageActions from './locales/es/message-actions.json';
import esInboxTools from './locales/es/inbox-tools.json';
import esChannels from './locales/es/channels.json';
import esNotifications from './locales/es/notifications.json';
import esErrors from './locales/es/errors.json';
import esComposerAttachments from './locales/es/composer-attachments.json';
import esComposerVoice from './locales/es/composer-voice.json';
import esServerTexts from './locales/es/server-texts.json';
import esAi from './locales/es/ai.json';
import esInteractive from './locales/es/interactive.json';
import type { Resources } from './resources-en.ts';

export const es: Resources = {
  common: esCommon,
  login: esLogin,
  inbox: esInbox,
  'inbox-labels': esInboxLabels,
  settings: esSettings,
  'settings-canned': esSettingsCanned,
  'settings-labels': esSettingsLabels,
  'settings-teams': esSettingsTeams,
  'settings-automation': esSettingsAutomation,
  'settings-users': esSettingsUsers,
  'settings-profile': esSettingsProfile,
  'settings-tokens': esSettingsTokens,
  'channels-connect': esChannelsConnect,
  presence: esPresence,
  dashboard: esDashboard,
  contacts: esContacts,
  'settings-journal': esSettingsJournal,
  'settings-organisation': esSettingsOrganisation,
  'settings-integrations': esSettingsIntegrations,
  'inbox-tools': esInboxTools,
  'message-actions': esMessageActions,
  channels: esChannels,
  notifications: esNotifications,
  errors: esErrors,
  'composer-attachments': esComposerAttachments,
  'composer-voice': esComposerVoice,
  'server-texts': esServerTexts,
  interactive: esInteractive,
  ai: esAi,
};
