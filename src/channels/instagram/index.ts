import type { ChannelDefinition } from '../channel-definition.ts';
import { instagramApi } from './api.ts';
import { instagramUi } from './ui.ts';
import { instagramWebhook } from './webhook.ts';

export const instagramChannel: ChannelDefinition<'instagram'> = {
  id: 'instagram',
  ui: instagramUi,
  webhook: { ...instagramWebhook, paths: ['instagram'] },
  api: instagramApi,
};
