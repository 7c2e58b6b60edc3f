import { z } from 'zod';

/** What the Twilio normaliser (inbound-message.ts) keeps in `messages.metadata`, from the webhook's form fields. */
export const twilioMetadata = z.object({
  /** The sender's WhatsApp id (digits of their number). */
  waId: z.string().optional(),
  messagingServiceSid: z.string().optional(),
  /** A quick-reply button or a list row the customer picked. */
  buttonText: z.string().optional(),
  buttonPayload: z.string().optional(),
  listId: z.string().optional(),
  listTitle: z.string().optional(),
  forwarded: z.literal(true).optional(),
  frequentlyForwarded: z.literal(true).optional(),
});
export type TwilioMetadata = z.infer<typeof twilioMetadata>;
