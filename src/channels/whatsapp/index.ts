import type { ChannelDefinition } from '../channel-definition.ts';
import { whatsappApi } from './api.ts';
import { whatsappConfig } from './config.ts';
import { whatsappConnect } from './connect.ts';
import { WhatsappCredentials } from './credentials.ts';
import { whatsappHistory } from './history.ts';
import { whatsappPolicy } from './policy.ts';
import { whatsappMedia } from './media.ts';
import { whatsappUi } from './ui.ts';
import { whatsappWebhook } from './webhook.ts';
import { whatsappMetadata } from './metadata.ts';

export const whatsappChannel: ChannelDefinition<'whatsapp', WhatsappCredentials, typeof whatsappConfig> = {
  id: 'whatsapp',
  ui: whatsappUi,
  webhook: whatsappWebhook,
  api: whatsappApi,
  policy: whatsappPolicy,
  media: whatsappMedia,
  history: whatsappHistory,
  connect: whatsappConnect,
  credentials: WhatsappCredentials,
  messageMetadata: whatsappMetadata,
  config: whatsappConfig,
};
