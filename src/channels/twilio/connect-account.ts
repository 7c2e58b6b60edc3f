import { z } from 'zod';
import type { ChannelAccount } from '../channel-definition.ts';
import type { TwilioCredentials } from './credentials.ts';
import { twilioAccountId } from './sender.ts';

/**
 * A WhatsApp sender of a Twilio account: typed as the sender's number, routed by
 * `AC…:whatsapp:+E164` (one Twilio account has many senders).
 */
export const twilioAccount: ChannelAccount<TwilioCredentials> = {
  name: 'Twilio WhatsApp sender',
  id: z.string().regex(/^(whatsapp:)?\+?\d{6,16}$/, 'the Twilio WhatsApp sender number, e.g. +14155238886'),
  credentials: z.object({ accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'an Account SID starts with AC and has 34 characters'), authToken: z.string().min(16).max(200) }),
  routingId: (sender, credentials) => twilioAccountId(credentials.accountSid, sender),
};
