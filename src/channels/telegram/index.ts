import type { ChannelDefinition } from '../channel-definition.ts';
import { telegramApi } from './api.ts';
import { telegramConfig } from './config.ts';
import { telegramConnect } from './connect.ts';
import { TelegramCredentials } from './credentials.ts';
import { telegramHistory } from './history.ts';
import { telegramMedia } from './media.ts';
import { telegramPolicy } from './policy.ts';
import { telegramUi } from './ui.ts';
import { telegramWebhook } from './webhook.ts';
import { telegramMetadata } from './metadata.ts';

export const telegramChannel: ChannelDefinition<'telegram', TelegramCredentials, typeof telegramConfig> = {
  id: 'telegram',
  ui: telegramUi,
  webhook: telegramWebhook,
  api: telegramApi,
  policy: telegramPolicy,
  media: telegramMedia,
  history: telegramHistory,
  connect: telegramConnect,
  credentials: TelegramCredentials,
  messageMetadata: telegramMetadata,
  config: telegramConfig,
};
