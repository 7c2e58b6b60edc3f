import type { TextLimit } from '../../text/text-limits.ts';
import type { ChannelPolicy } from '../channel-definition.ts';
import { whatsappReplyWindow } from './reply-window.ts';

/** WhatsApp Cloud's rules: the 24-hour customer service window, and a text body of 4096 characters (FACTS 4.3: code points, as Graph counts its other "characters"). */
export const whatsappPolicy: ChannelPolicy = {
  replyWindow: whatsappReplyWindow,
  textLimit: { max: 4096, unit: 'characters' },
};

/** Media captions (FACTS 4.3); longer text follows the media as a message of its own. */
export const WHATSAPP_CAPTION_LIMIT: TextLimit = { max: 1024, unit: 'characters' };
