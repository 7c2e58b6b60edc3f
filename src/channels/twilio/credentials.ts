import { z } from 'zod';

/** What a Twilio channel seals in `channels.credentials_enc`: the account's SID and Auth Token (FACTS 5.8). */
export const TwilioCredentials = z.object({
  platform: z.literal('twilio'),
  accountSid: z.string().min(1),
  authToken: z.string().min(1),
  messagingServiceSid: z.string().optional(),
});
export type TwilioCredentials = z.infer<typeof TwilioCredentials>;
