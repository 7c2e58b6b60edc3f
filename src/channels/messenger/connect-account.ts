import { z } from 'zod';
import type { ChannelAccount } from '../channel-definition.ts';
import type { MessengerCredentials } from './credentials.ts';

/** A Facebook Page: its id (digits) and a Page access token (typed in, or from Facebook Login). */
export const messengerAccount: ChannelAccount<MessengerCredentials> = {
  name: 'Facebook Page',
  id: z.string().regex(/^\d{5,20}$/, 'a Facebook page id is digits'),
  credentials: z.object({ pageAccessToken: z.string().min(10).max(2000) }),
};
