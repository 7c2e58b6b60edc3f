import { z } from 'zod';

/**
 * What an Instagram channel seals in `channels.credentials_enc` (FACTS 3.6): an Instagram Login
 * token (`loginType: 'instagram'`, 60 days, refreshed), or the token of the Facebook Page the
 * account is linked to (`loginType: 'facebook'`, with that Page's id).
 */
export const InstagramCredentials = z.object({
  platform: z.literal('instagram'),
  accessToken: z.string().min(1),
  loginType: z.enum(['facebook', 'instagram']),
  pageId: z.string().optional(),
});
export type InstagramCredentials = z.infer<typeof InstagramCredentials>;
