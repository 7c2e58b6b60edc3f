import type { ChannelDefinition } from '../channel-definition.ts';
import { messengerApi } from './api.ts';
import { messengerUi } from './ui.ts';
import { messengerWebhook } from './webhook.ts';

export const messengerChannel: ChannelDefinition<'messenger'> = {
  id: 'messenger',
  ui: messengerUi,
  webhook: { ...messengerWebhook, paths: ['facebook', 'messenger'] },
  api: messengerApi,
};
