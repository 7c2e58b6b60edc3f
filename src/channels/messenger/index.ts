import type { ChannelDefinition } from '../channel-definition.ts';
import { messengerApi } from './api.ts';
import { messengerConfig } from './config.ts';
import { messengerConnect } from './connect.ts';
import { MessengerCredentials } from './credentials.ts';
import { messengerHistory } from './history.ts';
import { messengerPolicy } from './policy.ts';
import { messengerMedia } from './media.ts';
import { messengerUi } from './ui.ts';
import { messengerWebhook } from './webhook.ts';
import { messagingMetadata } from '../meta/messaging-metadata.ts';

export const messengerChannel: ChannelDefinition<'messenger', MessengerCredentials, typeof messengerConfig> = {
  id: 'messenger',
  ui: messengerUi,
  webhook: messengerWebhook,
  api: messengerApi,
  policy: messengerPolicy,
  media: messengerMedia,
  history: messengerHistory,
  connect: messengerConnect,
  credentials: MessengerCredentials,
  messageMetadata: messagingMetadata,
  config: messengerConfig,
};
