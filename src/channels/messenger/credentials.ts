import { z } from 'zod';

/** What a Messenger channel seals in `channels.credentials_enc`: its Page access token (FACTS 2.6). */
export const MessengerCredentials = z.object({
  platform: z.literal('messenger'),
  pageAccessToken: z.string().min(1),
});
export type MessengerCredentials = z.infer<typeof MessengerCredentials>;
