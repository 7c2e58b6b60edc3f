import type { ChannelDefinition } from '../channel-definition.ts';
import { whatsappApi } from './api.ts';
import { WhatsappCredentials } from './credentials.ts';
import { whatsappUi } from './ui.ts';
import { whatsappWebhook } from './webhook.ts';

export const whatsappChannel: ChannelDefinition<'whatsapp', WhatsappCredentials> = {
  id: 'whatsapp',
  ui: whatsappUi,
  webhook: { ...whatsappWebhook, paths: ['whatsapp'] },
  api: whatsappApi,
  credentials: WhatsappCredentials,
};
