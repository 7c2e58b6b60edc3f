import { z } from 'zod';
import type { ChannelAccount } from '../channel-definition.ts';
import type { WhatsappCredentials } from './credentials.ts';
import { schemaText } from '../../contract/server-texts.ts';

/** A WhatsApp Cloud number: its phone number id (digits), a token, and the WABA it belongs to. */
export const whatsappAccount: ChannelAccount<WhatsappCredentials> = {
  name: 'WhatsApp number',
  id: z.string().regex(/^\d{5,25}$/, schemaText('schema.phoneNumberId', { platform: 'WhatsApp' })),
  credentials: z.object({ accessToken: z.string().min(10).max(2000), wabaId: z.string().regex(/^\d+$/).optional() }),
};
