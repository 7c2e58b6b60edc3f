import type { ChannelPolicy } from '../channel-definition.ts';
import { tiktokReplyWindow } from './reply-window.ts';

/** TikTok's rules: 48 hours and 10 messages per customer message; text up to 6000 (FACTS 6.3), counted in UTF-16 units since TikTok does not say how it counts. */
export const tiktokPolicy: ChannelPolicy = {
  replyWindow: tiktokReplyWindow,
  textLimit: { max: 6000, unit: 'utf16' },
};
