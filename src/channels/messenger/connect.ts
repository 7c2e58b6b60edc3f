import type { ChannelConnect } from '../channel-definition.ts';
import { messengerAccount } from './connect-account.ts';
import { verifyPageToken } from './verify.ts';
import { messengerCredentialsForm } from './credentials-form.ts';
import { facebookApp } from '../meta/apps.ts';
import { completeFacebookLogin, connectChosenPages, facebookLoginUrl, PAGE_SCOPES } from '../meta/connect-pages.ts';
import { metaSubscription } from '../meta/subscription.ts';
import type { MessengerCredentials } from './credentials.ts';

/** How a Facebook Page is connected and kept connected (ChannelConnect): Facebook Login, then the admin picks the Pages. */
export const messengerConnect: ChannelConnect<MessengerCredentials> = {
  account: messengerAccount,
  oauth: {
    missing: (config) => (facebookApp(config) ? null : 'Connecting Facebook Pages needs FACEBOOK_APP_ID and FACEBOOK_APP_SECRET.'),
    authorizeUrl: (config, flow) => facebookLoginUrl({ config }, flow, PAGE_SCOPES),
    complete: (ctx, code) => completeFacebookLogin(ctx, 'messenger', code),
    chosen: connectChosenPages,
  },
  verify: verifyPageToken,
  credentialsForm: messengerCredentialsForm,
  ...metaSubscription,
};
