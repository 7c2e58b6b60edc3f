import { hex, type PlatformSandbox } from '../platform-sandbox.ts';

/** The sandbox's Twilio account with its WhatsApp sender (Twilio signs with the account's auth token: no secret of its own). */
export const twilioSandbox: PlatformSandbox = {
  newAccount: () => ({ platform: 'twilio', accountId: `AC${hex(16)}`, accessToken: hex(16), displayName: 'Snorq Coffee via Twilio', sender: 'whatsapp:+14155238886' }),
  // Files written before the sender was a neutral account field call it `twilioSender`.
  upgradeAccount: ({ twilioSender, ...account }) => (typeof twilioSender === 'string' && !account.sender ? { ...account, sender: twilioSender } : account),
  variables: () => ({}),
  urls: { TWILIO_API_URL: 'twilio' },
  channel: (a) => ({
    platform: 'twilio',
    externalAccountId: `${a.accountId}:${a.sender}`,
    displayName: a.displayName ?? 'twilio sandbox',
    credentials: { platform: 'twilio', accountSid: a.accountId, authToken: a.accessToken },
  }),
  demo: [{ customer: { id: '+14155550123', name: 'Sam Rivera' }, text: 'Is the oat milk option still available?' }],
  standaloneAccount: (env) => ({
    platform: 'twilio',
    accountId: env('TWILIO_ACCOUNT_SID', 'AC00000000000000000000000000000000'),
    accessToken: env('TWILIO_AUTH_TOKEN', 'sim-twilio-auth-token'),
    sender: env('TWILIO_WHATSAPP_NUMBER', 'whatsapp:+14155238886'),
    displayName: 'Acme Store',
  }),
};
