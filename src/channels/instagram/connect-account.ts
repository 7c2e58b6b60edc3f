import { z } from 'zod';
import type { ChannelAccount } from '../channel-definition.ts';
import type { InstagramCredentials } from './credentials.ts';
import { schemaText } from '../../contract/server-texts.ts';

/** An Instagram professional account: its id (digits) and a token of Instagram Login or of its Facebook Page. */
export const instagramAccount: ChannelAccount<InstagramCredentials> = {
  name: 'Instagram account',
  id: z.string().regex(/^\d{5,25}$/, schemaText('schema.accountId', { platform: 'Instagram' })),
  credentials: z.object({ accessToken: z.string().min(10).max(2000), loginType: z.enum(['facebook', 'instagram']).default('instagram'), pageId: z.string().optional() }),
};
