import type { CredentialsForm } from '../channel-definition.ts';

/** A TikTok business account connected by hand: its business id and an access token (verify.ts). */
export const tiktokCredentialsForm: CredentialsForm = {
  account: { label: 'TikTok business ID' },
  fields: [{ name: 'accessToken', label: 'Access token', secret: true }],
};
