import type { CredentialsForm } from '../channel-definition.ts';

/** A Page connected by hand: its id and a Page access token (proven by verify.ts). */
export const messengerCredentialsForm: CredentialsForm = {
  account: { label: 'Facebook Page ID', hint: '(digits)' },
  fields: [{ name: 'pageAccessToken', label: 'Page access token', secret: true }],
};
