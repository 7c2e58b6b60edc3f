/**
 * Every translation, bundled into the app. One namespace per area of the app (a page or a
 * settings section); to add one: its three files under `locales/{en,de,es}/`, one import each
 * below, and its name in the three maps. English is the reference: German and Spanish must have
 * the same keys (typed here, and checked with the placeholders by test/web/i18n-resources.test.ts).
 */
import enCommon from './locales/en/common.json';
import deCommon from './locales/de/common.json';
import esCommon from './locales/es/common.json';
import enLogin from './locales/en/login.json';
import deLogin from './locales/de/login.json';
import esLogin from './locales/es/login.json';
import enInbox from './locales/en/inbox.json';
import deInbox from './locales/de/inbox.json';
import esInbox from './locales/es/inbox.json';
import enInboxLabels from './locales/en/inbox-labels.json';
import deInboxLabels from './locales/de/inbox-labels.json';
import esInboxLabels from './locales/es/inbox-labels.json';
import enSettings from './locales/en/settings.json';
import deSettings from './locales/de/settings.json';
import esSettings from './locales/es/settings.json';
import enSettingsCanned from './locales/en/settings-canned.json';
import deSettingsCanned from './locales/de/settings-canned.json';
import esSettingsCanned from './locales/es/settings-canned.json';
import enSettingsLabels from './locales/en/settings-labels.json';
import deSettingsLabels from './locales/de/settings-labels.json';
import esSettingsLabels from './locales/es/settings-labels.json';
import enSettingsTeams from './locales/en/settings-teams.json';
import deSettingsTeams from './locales/de/settings-teams.json';
import esSettingsTeams from './locales/es/settings-teams.json';
import enSettingsAutomation from './locales/en/settings-automation.json';
import deSettingsAutomation from './locales/de/settings-automation.json';
import esSettingsAutomation from './locales/es/settings-automation.json';
import enSettingsUsers from './locales/en/settings-users.json';
import deSettingsUsers from './locales/de/settings-users.json';
import esSettingsUsers from './locales/es/settings-users.json';
import enSettingsProfile from './locales/en/settings-profile.json';
import deSettingsProfile from './locales/de/settings-profile.json';
import esSettingsProfile from './locales/es/settings-profile.json';
import enSettingsTokens from './locales/en/settings-tokens.json';
import deSettingsTokens from './locales/de/settings-tokens.json';
import esSettingsTokens from './locales/es/settings-tokens.json';
import enChannelsConnect from './locales/en/channels-connect.json';
import deChannelsConnect from './locales/de/channels-connect.json';
import esChannelsConnect from './locales/es/channels-connect.json';
import enPresence from './locales/en/presence.json';
import dePresence from './locales/de/presence.json';
import esPresence from './locales/es/presence.json';
import enDashboard from './locales/en/dashboard.json';
import deDashboard from './locales/de/dashboard.json';
import esDashboard from './locales/es/dashboard.json';
import enContacts from './locales/en/contacts.json';
import deContacts from './locales/de/contacts.json';
import esContacts from './locales/es/contacts.json';
import enSettingsJournal from './locales/en/settings-journal.json';
import deSettingsJournal from './locales/de/settings-journal.json';
import esSettingsJournal from './locales/es/settings-journal.json';
import enSettingsOrganisation from './locales/en/settings-organisation.json';
import deSettingsOrganisation from './locales/de/settings-organisation.json';
import esSettingsOrganisation from './locales/es/settings-organisation.json';
import enSettingsIntegrations from './locales/en/settings-integrations.json';
import deSettingsIntegrations from './locales/de/settings-integrations.json';
import esSettingsIntegrations from './locales/es/settings-integrations.json';
import enInboxTools from './locales/en/inbox-tools.json';
import enMessageActions from './locales/en/message-actions.json';
import deMessageActions from './locales/de/message-actions.json';
import esMessageActions from './locales/es/message-actions.json';
import deInboxTools from './locales/de/inbox-tools.json';
import esInboxTools from './locales/es/inbox-tools.json';
import enChannels from './locales/en/channels.json';
import deChannels from './locales/de/channels.json';
import esChannels from './locales/es/channels.json';
import enNotifications from './locales/en/notifications.json';
import deNotifications from './locales/de/notifications.json';
import esNotifications from './locales/es/notifications.json';
import enErrors from './locales/en/errors.json';
import deErrors from './locales/de/errors.json';
import esErrors from './locales/es/errors.json';
import enComposerAttachments from './locales/en/composer-attachments.json';
import deComposerAttachments from './locales/de/composer-attachments.json';
import esComposerAttachments from './locales/es/composer-attachments.json';
import enComposerVoice from './locales/en/composer-voice.json';
import deComposerVoice from './locales/de/composer-voice.json';
import esComposerVoice from './locales/es/composer-voice.json';
import enServerTexts from './locales/en/server-texts.json';
import deServerTexts from './locales/de/server-texts.json';
import esServerTexts from './locales/es/server-texts.json';
import enAi from './locales/en/ai.json';
import deAi from './locales/de/ai.json';
import esAi from './locales/es/ai.json';
import type { Language } from './languages.ts';
import enInteractive from './locales/en/interactive.json';
import deInteractive from './locales/de/interactive.json';
import esInteractive from './locales/es/interactive.json';

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

const de: Resources = {
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

const es: Resources = {
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

export const resources: Record<Language, Resources> = { en, de, es };

export const NAMESPACES = Object.keys(en) as (keyof Resources)[];
