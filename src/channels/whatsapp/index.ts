import type { ChannelDefinition } from '../channel-definition.ts';
import { whatsappApi } from './api.ts';
import { whatsappUi } from './ui.ts';
import { whatsappWebhook } from './webhook.ts';

export const whatsappChannel: ChannelDefinition<'whatsapp'> = {
  id: 'whatsapp',
  ui: whatsappUi,
  webhook: { ...whatsappWebhook, paths: ['whatsapp'] },
  api: whatsappApi,
};
