/**
 * The English texts, the reference every language is checked against (resources.ts), and the
 * fallback: in the app's entry, so a text is never missing. German and Spanish are each in a chunk
 * of their own, fetched before they are shown (i18n.ts, its backend `chunks`), so a reader of one
 * language does not download the other two.
 */
import enCommon from './locales/en/common.json';
import enLogin from './locales/en/login.json';
import enInbox from './locales/en/inbox.json';
import enInboxLabels from './locales/en/inbox-labels.json';
import enSettings from './locales/en/settings.json';
import enSettingsCanned from './locales/en/settings-canned.json';
import enSettingsLabels from './locales/en/settings-labels.json';
import enSettingsTeams from './locales/en/settings-teams.json';
import enSettingsAutomation from './locales/en/settings-automation.json';
import enSettingsUsers from './locales/en/settings-users.json';
import enSettingsProfile from './locales/en/settings-profile.json';
import enSettingsTokens from './locales/en/settings-tokens.json';
import enChannelsConnect from './locales/en/channels-connect.json';
import enPresence from './locales/en/presence.json';
import enDashboard from './locales/en/dashboard.json';
import enContacts from './locales/en/contacts.json';
import enSettingsJournal from './locales/en/settings-journal.json';
import enSettingsOrganisation from './locales/en/settings-organisation.json';
import enSettingsIntegrations from './locales/en/settings-integrations.json';
import enInboxTools from './locales/en/inbox-tools.json';
import enMessageActions from './locales/en/message-actions.json';
import enChannels from './locales/en/channels.json';
import enNotifications from './locales/en/notifications.json';
import enErrors from './locales/en/errors.json';
import enComposerAttachments from './locales/en/composer-attachments.json';
import enComposerVoice from './locales/en/composer-voice.json';
import enServerTexts from './locales/en/server-texts.json';
import enAi from './locales/en/ai.json';
import enInteractive from './locales/en/interactive.json';

export const en = {
  common: enCommon,
  login: enLogin,
  inbox: enInbox,
  'inbox-labels': enInboxLabels,
  settings: enSettings,
  'settings-canned': enSettingsCanned,
  'settings-labels': enSettingsLabels,
  'settings-teams': enSettingsTeams,
  'settings-automation': enSettingsAutomation,
  'settings-users': enSettingsUsers,
  'settings-profile': enSettingsProfile,
  'settings-tokens': enSettingsTokens,
  'channels-connect': enChannelsConnect,
  presence: enPresence,
  dashboard: enDashboard,
  contacts: enContacts,
  'settings-journal': enSettingsJournal,
  'settings-organisation': enSettingsOrganisation,
  'settings-integrations': enSettingsIntegrations,
  'inbox-tools': enInboxTools,
  'message-actions': enMessageActions,
  channels: enChannels,
  notifications: enNotifications,
  errors: enErrors,
  'composer-attachments': enComposerAttachments,
  'composer-voice': enComposerVoice,
  'server-texts': enServerTexts,
  interactive: enInteractive,
  ai: enAi,
};

export type Resources = typeof en;

export const NAMESPACES = Object.keys(en) as (keyof Resources)[];
