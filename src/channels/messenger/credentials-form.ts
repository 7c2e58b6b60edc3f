import type { CredentialsForm } from '../channel-definition.ts';

/** A Page connected by hand: its id and a Page access token (proven by verify.ts). */
export const messengerCredentialsForm: CredentialsForm = {
  account: { label: 'Facebook Page ID', labelText: { code: 'connect.pageId', params: { platform: 'Facebook' } }, hint: '(digits)', hintText: { code: 'connect.digits' } },
  fields: [{ name: 'pageAccessToken', label: 'Page access token', labelText: { code: 'connect.pageAccessToken' }, secret: true }],
};
