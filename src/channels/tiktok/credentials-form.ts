import type { CredentialsForm } from '../channel-definition.ts';

/** A TikTok business account connected by hand: its business id and an access token (verify.ts). */
export const tiktokCredentialsForm: CredentialsForm = {
  account: { label: 'TikTok business ID', labelText: { code: 'connect.businessId', params: { platform: 'TikTok' } } },
  fields: [{ name: 'accessToken', label: 'Access token', labelText: { code: 'connect.accessToken' }, secret: true }],
};
