import { z } from 'zod';

/** What a TikTok channel seals in `channels.credentials_enc` (FACTS 6.6). */
export const TiktokCredentials = z.object({
  platform: z.literal('tiktok'),
  accessToken: z.string().min(1),
  /** Rotates on every refresh: the token refresher seals the newest with the new access token. */
  refreshToken: z.string().optional(),
  refreshTokenExpiresAt: z.string().optional(),
  /** The scopes the business granted (FACTS 6.6), as TikTok listed them. */
  scope: z.string().optional(),
});
export type TiktokCredentials = z.infer<typeof TiktokCredentials>;
