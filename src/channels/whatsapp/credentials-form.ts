import type { CredentialsForm } from '../channel-definition.ts';

/** A WhatsApp Cloud number connected by hand: its phone number id and a system user's token (verify.ts). */
export const whatsappCredentialsForm: CredentialsForm = {
  account: {
    label: 'Phone number ID',
    labelText: { code: 'connect.phoneNumberId' },
    hint: '(digits, from WhatsApp Manager)',
    hintText: { code: 'connect.digitsFrom', params: { source: 'WhatsApp Manager' } },
  },
  fields: [
    { name: 'accessToken', label: 'Access token', labelText: { code: 'connect.accessToken' }, secret: true },
    { name: 'wabaId', label: 'WhatsApp Business Account ID', optional: true },
  ],
};
