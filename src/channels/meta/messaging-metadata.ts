import { z } from 'zod';

/**
 * What the Messenger and Instagram normaliser (messaging-item.ts, messaging-content.ts) keeps in
 * `messages.metadata`, in Meta's own spelling. A template echo's buttons go under the neutral
 * `card` (src/core/outbox/message-metadata.ts), not here.
 */
export const messagingMetadata = z.object({
  /** A sticker's id (a JSON number in the webhook, kept as text). */
  sticker_id: z.string().optional(),
  /** The payload of the quick reply the customer tapped. */
  quick_reply_payload: z.string().optional(),
  /** An echo: the app that sent it (snorq's own, or the Page inbox). */
  app_id: z.string().optional(),
  /** An echo: the `metadata` the sending app attached. */
  echo_metadata: z.string().optional(),
  /** Delivered while another app held the thread (handover protocol). */
  standby: z.literal(true).optional(),
  /** A postback: the button's payload, and whether the button had no title (name-postbacks.ts names it). */
  postback: z.literal(true).optional(),
  postback_payload: z.string().optional(),
  postback_untitled: z.literal(true).optional(),
});
export type MessagingMetadata = z.infer<typeof messagingMetadata>;
