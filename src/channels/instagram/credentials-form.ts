import type { CredentialsForm } from '../channel-definition.ts';

/** An Instagram account connected by hand: a token from Instagram Login or from its linked Facebook Page (verify.ts). */
export const instagramCredentialsForm: CredentialsForm = {
  account: { label: 'Instagram account ID', hint: '(digits)' },
  fields: [
    { name: 'accessToken', label: 'Access token', secret: true },
    { name: 'loginType', label: 'Login type', choices: ['instagram', 'facebook'] },
  ],
};
