import type { CredentialsForm } from '../channel-definition.ts';

/** A Twilio WhatsApp sender connected by hand: the sender number, the Account SID and Auth Token (verify.ts). */
export const twilioCredentialsForm: CredentialsForm = {
  account: {
    label: 'WhatsApp sender number',
    labelText: { code: 'connect.senderNumber', params: { product: 'WhatsApp' } },
    hint: '(e.g. +14155238886)',
    hintText: { code: 'connect.example', params: { example: '+14155238886' } },
  },
  fields: [
    { name: 'accountSid', label: 'Account SID', hint: '(starts with AC)', hintText: { code: 'connect.startsWith', params: { prefix: 'AC' } } },
    { name: 'authToken', label: 'Auth token', secret: true },
  ],
};
