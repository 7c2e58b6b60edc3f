import type { CredentialsForm } from '../channel-definition.ts';

/** A WhatsApp Cloud number connected by hand: its phone number id and a system user's token (verify.ts). */
export const whatsappCredentialsForm: CredentialsForm = {
  account: { label: 'Phone number ID', hint: '(digits, from WhatsApp Manager)' },
  fields: [
    { name: 'accessToken', label: 'Access token', secret: true },
    { name: 'wabaId', label: 'WhatsApp Business Account ID', optional: true },
  ],
};
