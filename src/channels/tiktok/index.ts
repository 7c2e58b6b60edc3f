import type { ChannelDefinition } from '../channel-definition.ts';
import { tiktokApi } from './api.ts';
import { tiktokConfig } from './config.ts';
import { tiktokConnect } from './connect.ts';
import { TiktokCredentials } from './credentials.ts';
import { tiktokHistory } from './history.ts';
import { tiktokPolicy } from './policy.ts';
import { tiktokMedia } from './media.ts';
import { tiktokUi } from './ui.ts';
import { tiktokWebhook } from './webhook.ts';
import { tiktokMetadata } from './metadata.ts';

export const tiktokChannel: ChannelDefinition<'tiktok', TiktokCredentials, typeof tiktokConfig> = {
  id: 'tiktok',
  ui: tiktokUi,
  webhook: tiktokWebhook,
  api: tiktokApi,
  policy: tiktokPolicy,
  media: tiktokMedia,
  history: tiktokHistory,
  connect: tiktokConnect,
  credentials: TiktokCredentials,
  messageMetadata: tiktokMetadata,
  config: tiktokConfig,
};
