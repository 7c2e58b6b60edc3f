import type { CredentialsForm } from '../channel-definition.ts';

/** An Instagram account connected by hand: a token from Instagram Login or from its linked Facebook Page (verify.ts). */
export const instagramCredentialsForm: CredentialsForm = {
  account: { label: 'Instagram account ID', labelText: { code: 'connect.accountId', params: { platform: 'Instagram' } }, hint: '(digits)', hintText: { code: 'connect.digits' } },
  fields: [
    { name: 'accessToken', label: 'Access token', labelText: { code: 'connect.accessToken' }, secret: true },
    { name: 'loginType', label: 'Login type', labelText: { code: 'connect.loginType' }, choices: ['instagram', 'facebook'] },
  ],
};
