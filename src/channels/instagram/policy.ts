import type { ChannelPolicy } from '../channel-definition.ts';
import { messagingReplyWindow } from '../meta/messaging-reply-window.ts';

/** Instagram's rules: Messenger's window with the HUMAN_AGENT tag; text up to 1000 bytes of UTF-8 (FACTS 3.3: an emoji is 4). */
export const instagramPolicy: ChannelPolicy = {
  replyWindow: messagingReplyWindow,
  textLimit: { max: 1000, unit: 'bytes' },
};
