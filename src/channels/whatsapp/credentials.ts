import { z } from 'zod';

/** What a WhatsApp Cloud channel seals in `channels.credentials_enc`: its token, and the WABA its number belongs to when known (FACTS 4.6). */
export const WhatsappCredentials = z.object({
  platform: z.literal('whatsapp'),
  accessToken: z.string().min(1),
  wabaId: z.string().optional(),
});
export type WhatsappCredentials = z.infer<typeof WhatsappCredentials>;
