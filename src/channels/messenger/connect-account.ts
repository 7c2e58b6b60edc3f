import { z } from 'zod';
import type { ChannelAccount } from '../channel-definition.ts';
import type { MessengerCredentials } from './credentials.ts';
import { schemaText } from '../../contract/server-texts.ts';

/** A Facebook Page: its id (digits) and a Page access token (typed in, or from Facebook Login). */
export const messengerAccount: ChannelAccount<MessengerCredentials> = {
  name: 'Facebook Page',
  id: z.string().regex(/^\d{5,20}$/, schemaText('schema.pageId', { platform: 'Facebook' })),
  credentials: z.object({ pageAccessToken: z.string().min(10).max(2000) }),
};
