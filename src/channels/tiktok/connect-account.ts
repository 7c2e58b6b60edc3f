import { z } from 'zod';
import type { ChannelAccount } from '../channel-definition.ts';
import type { TiktokCredentials } from './credentials.ts';

/** A TikTok business account: its id and an access token (with the refresh token OAuth gives). */
export const tiktokAccount: ChannelAccount<TiktokCredentials> = {
  name: 'TikTok business account',
  id: z.string().min(3).max(200),
  credentials: z.object({ accessToken: z.string().min(10).max(2000), refreshToken: z.string().optional(), refreshTokenExpiresAt: z.iso.datetime().optional(), scope: z.string().max(1000).optional() }),
};
