import { z } from 'zod';

/** What the Telegram normaliser (normalize-update.ts, message-content.ts) keeps in `messages.metadata`. */
export const telegramMetadata = z.object({
  /** Photos and videos sent together arrive as separate messages sharing this id. */
  mediaGroupId: z.string().optional(),
  /** The message was forwarded from someone else (`forward_origin`). */
  forwarded: z.literal(true).optional(),
  /** The sender's app language (IETF tag), a hint for the reply's language. */
  languageCode: z.string().optional(),
  /** A sticker's emoji and the set it belongs to. */
  stickerEmoji: z.string().optional(),
  stickerSet: z.string().optional(),
  /** A live location: for how long it is shared. */
  livePeriodSeconds: z.number().int().optional(),
  /** A tap on an inline keyboard's button: the button's `callback_data` (keyboards.ts). */
  callbackData: z.string().optional(),
});
export type TelegramMetadata = z.infer<typeof telegramMetadata>;
