import { z } from 'zod';
import type { ChannelAccount } from '../channel-definition.ts';
import type { TwilioCredentials } from './credentials.ts';
import { twilioAccountId } from './sender.ts';
import { schemaText } from '../../contract/server-texts.ts';

/**
 * A WhatsApp sender of a Twilio account: typed as the sender's number, routed by
 * `AC…:whatsapp:+E164` (one Twilio account has many senders).
 */
export const twilioAccount: ChannelAccount<TwilioCredentials> = {
  name: 'Twilio WhatsApp sender',
  id: z.string().regex(/^(whatsapp:)?\+?\d{6,16}$/, schemaText('schema.senderNumber', { product: 'Twilio WhatsApp', example: '+14155238886' })),
  credentials: z.object({ accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, schemaText('schema.accountSid')), authToken: z.string().min(16).max(200) }),
  routingId: (sender, credentials) => twilioAccountId(credentials.accountSid, sender),
};
