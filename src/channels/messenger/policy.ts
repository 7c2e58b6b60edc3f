import type { ChannelPolicy } from '../channel-definition.ts';
import { messagingReplyWindow } from '../meta/messaging-reply-window.ts';

/**
 * Messenger's rules: the messaging window with the HUMAN_AGENT tag, and "a 2000 character limit"
 * (Send API reference; Graph's error reads "Length of param message[text] must be less than or
 * equal to 2000"): Unicode characters (code points).
 */
export const messengerPolicy: ChannelPolicy = {
  replyWindow: messagingReplyWindow,
  textLimit: { max: 2000, unit: 'characters' },
};
