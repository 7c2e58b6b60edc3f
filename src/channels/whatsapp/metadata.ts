import { z } from 'zod';

/**
 * What the WhatsApp Cloud normaliser (messages.ts, message-content.ts) keeps in
 * `messages.metadata`, in Meta's spelling. A cart goes under the neutral `order`
 * (src/core/outbox/message-metadata.ts), not here.
 */
export const whatsappMetadata = z.object({
  /** The customer's business-scoped user id beside their number (FACTS 4.1, pitfall 21). */
  user_id: z.string().optional(),
  /** A voice note (audio recorded in the app), an animated sticker. */
  voice: z.literal(true).optional(),
  animated: z.literal(true).optional(),
  /** A quick-reply button of a template: its payload. */
  button: z.literal(true).optional(),
  button_payload: z.string().optional(),
  /** A reply to an interactive message: which kind, the id of the row or button, a Flow's answer. */
  interactive_type: z.string().optional(),
  reply_id: z.string().optional(),
  reply_description: z.string().optional(),
  flow_name: z.string().optional(),
  response_json: z.string().optional(),
  forwarded: z.literal(true).optional(),
  frequently_forwarded: z.literal(true).optional(),
  /** The catalogue product the customer asked about, as Meta sent it. */
  referred_product: z.record(z.string(), z.unknown()).optional(),
  /** Errors Meta attached to an unsupported message, as sent. */
  errors: z.array(z.unknown()).optional(),
});
export type WhatsappMetadata = z.infer<typeof whatsappMetadata>;
