import type { ChannelDefinition } from '../channel-definition.ts';
import { tiktokApi } from './api.ts';
import { tiktokUi } from './ui.ts';
import { tiktokWebhook } from './webhook.ts';

export const tiktokChannel: ChannelDefinition<'tiktok'> = {
  id: 'tiktok',
  ui: tiktokUi,
  webhook: { ...tiktokWebhook, paths: ['tiktok'] },
  api: tiktokApi,
};
