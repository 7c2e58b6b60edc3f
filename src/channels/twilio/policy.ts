import type { ChannelPolicy } from '../channel-definition.ts';
import { whatsappReplyWindow } from '../whatsapp/reply-window.ts';

/**
 * WhatsApp through Twilio: WhatsApp's own 24-hour window (FACTS 5.6), and `Body` up to 1600
 * characters (FACTS 5.5, error 21617). Twilio does not say how it counts characters outside the
 * BMP, so UTF-16 units, which are never fewer than characters: an emoji counts 2.
 */
export const twilioPolicy: ChannelPolicy = {
  replyWindow: whatsappReplyWindow,
  textLimit: { max: 1600, unit: 'utf16' },
};
