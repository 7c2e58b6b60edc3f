import type { ChannelConnect } from '../channel-definition.ts';
import type { TiktokCredentials } from './credentials.ts';
import { tiktokSubscription } from './subscription.ts';

/** How a TikTok business account is connected and kept connected (ChannelConnect). */
export const tiktokConnect: ChannelConnect<TiktokCredentials> = {
  ...tiktokSubscription,
};
