import { z } from 'zod';

/**
 * What the TikTok normaliser (message-event.ts, webhook.ts) keeps in `messages.metadata`. A card
 * with buttons goes under the neutral `card` (src/core/outbox/message-metadata.ts), not here.
 */
export const tiktokMetadata = z.object({
  /** The conversation replies are sent to (FACTS 6.3): the outbox reads it (`api.conversationIdKey`), so does a media download. */
  conversationId: z.string().min(1).optional(),
  isFollower: z.boolean().optional(),
  /** `message_tag.source`: where the conversation began. */
  source: z.string().optional(),
  uniqueIdentifier: z.string().optional(),
  /** A quote reply: the unique id of the message quoted. */
  replySourceUniqueId: z.string().optional(),
  /** The content was withheld (EU stub): only its kind is known. */
  contentWithheld: z.literal(true).optional(),
});
export type TiktokMetadata = z.infer<typeof tiktokMetadata>;
