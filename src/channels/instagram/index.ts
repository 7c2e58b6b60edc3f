import type { ChannelDefinition } from '../channel-definition.ts';
import { instagramApi } from './api.ts';
import { instagramConfig } from './config.ts';
import { instagramConnect } from './connect.ts';
import { InstagramCredentials } from './credentials.ts';
import { instagramHistory } from './history.ts';
import { instagramPolicy } from './policy.ts';
import { instagramMedia } from './media.ts';
import { instagramUi } from './ui.ts';
import { instagramWebhook } from './webhook.ts';
import { messagingMetadata } from '../meta/messaging-metadata.ts';

export const instagramChannel: ChannelDefinition<'instagram', InstagramCredentials, typeof instagramConfig> = {
  id: 'instagram',
  ui: instagramUi,
  webhook: instagramWebhook,
  api: instagramApi,
  policy: instagramPolicy,
  media: instagramMedia,
  history: instagramHistory,
  connect: instagramConnect,
  credentials: InstagramCredentials,
  messageMetadata: messagingMetadata,
  config: instagramConfig,
};
