import { baseUrl, optionalString } from '../../config/env-values.ts';
import type { ChannelConfig } from '../channel-definition.ts';
import { twilioAccountId, twilioSender } from './sender.ts';

const env = {
  TWILIO_ACCOUNT_SID: optionalString,
  TWILIO_AUTH_TOKEN: optionalString,
  TWILIO_WHATSAPP_NUMBER: optionalString,
  TWILIO_API_URL: baseUrl('https://api.twilio.com'),
};

/** Twilio's variables (DESIGN.md): optionally one account's WhatsApp sender from the environment, and the API host. */
export const twilioConfig = {
  env,
  secrets: ['TWILIO_AUTH_TOKEN'],
  prefixes: ['TWILIO_'],
  envChannel: {
    keys: ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_WHATSAPP_NUMBER'],
    // Twilio signs with the account's own auth token.
    signing: ['TWILIO_AUTH_TOKEN'],
    spec: (e) => {
      if (!e.TWILIO_ACCOUNT_SID || !e.TWILIO_AUTH_TOKEN || !e.TWILIO_WHATSAPP_NUMBER) return null;
      const sender = twilioSender(e.TWILIO_WHATSAPP_NUMBER);
      return {
        externalAccountId: twilioAccountId(e.TWILIO_ACCOUNT_SID, sender),
        displayName: `Twilio ${sender.replace('whatsapp:', '')}`,
        credentials: { platform: 'twilio', accountSid: e.TWILIO_ACCOUNT_SID, authToken: e.TWILIO_AUTH_TOKEN },
      };
    },
  },
  urls: (e) => ({ twilio: e.TWILIO_API_URL }),
} satisfies ChannelConfig<typeof env>;
