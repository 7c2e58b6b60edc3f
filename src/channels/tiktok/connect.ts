import type { ChannelConnect } from '../channel-definition.ts';
import { tiktokAccount } from './connect-account.ts';
import { verifyTikTokBusiness } from './verify.ts';
import { tiktokCredentialsForm } from './credentials-form.ts';
import { tiktokTokenRefresh } from './refresh-token.ts';
import { tiktokApp } from './app.ts';
import { completeTikTokAuth, tiktokAuthUrl } from './connect-auth.ts';
import type { TiktokCredentials } from './credentials.ts';
import { tiktokSubscription } from './subscription.ts';

/** How a TikTok business account is connected and kept connected (ChannelConnect). */
export const tiktokConnect: ChannelConnect<TiktokCredentials> = {
  account: tiktokAccount,
  oauth: {
    missing: (config) => (tiktokApp(config) ? null : 'Connecting TikTok needs TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET.'),
    authorizeUrl: (config, flow) => tiktokAuthUrl({ config }, flow),
    complete: (ctx, code) => completeTikTokAuth(ctx, code),
  },
  refresh: tiktokTokenRefresh,
  verify: verifyTikTokBusiness,
  credentialsForm: tiktokCredentialsForm,
  ...tiktokSubscription,
};
