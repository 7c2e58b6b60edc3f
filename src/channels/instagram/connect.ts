import type { ChannelConnect } from '../channel-definition.ts';
import { instagramAccount } from './connect-account.ts';
import { verifyInstagramToken } from './verify.ts';
import { instagramCredentialsForm } from './credentials-form.ts';
import { instagramTokenRefresh } from './refresh-token.ts';
import { facebookApp, instagramLoginApp } from '../meta/apps.ts';
import { completeFacebookLogin, connectChosenPages, facebookLoginUrl, INSTAGRAM_PAGE_SCOPES } from '../meta/connect-pages.ts';
import { metaSubscription } from '../meta/subscription.ts';
import { completeInstagramLogin, instagramLoginUrl } from './connect-login.ts';
import type { InstagramCredentials } from './credentials.ts';

/**
 * How an Instagram account is connected and kept connected (ChannelConnect): Instagram Login
 * (`via=instagram`, FACTS 3.6 path B) when its app is configured, else through the Facebook Page
 * it is linked to (`via=facebook`, path A).
 */
export const instagramConnect: ChannelConnect<InstagramCredentials> = {
  account: instagramAccount,
  oauth: {
    via: (config, asked) => (asked === 'facebook' || asked === 'instagram' ? asked : instagramLoginApp(config) ? 'instagram' : 'facebook'),
    missing: (config, via) => {
      if (via === 'instagram') return instagramLoginApp(config) ? null : 'Instagram Login needs INSTAGRAM_APP_ID and INSTAGRAM_APP_SECRET.';
      return facebookApp(config)
        ? null
        : 'Connecting Instagram needs INSTAGRAM_APP_ID and INSTAGRAM_APP_SECRET (Instagram Login), or FACEBOOK_APP_ID and FACEBOOK_APP_SECRET (through a Facebook Page).';
    },
    authorizeUrl: (config, flow) => (flow.via === 'instagram' ? instagramLoginUrl({ config }, flow) : facebookLoginUrl({ config }, flow, INSTAGRAM_PAGE_SCOPES)),
    complete: (ctx, code, via) => (via === 'instagram' ? completeInstagramLogin(ctx, code) : completeFacebookLogin(ctx, 'instagram', code)),
    chosen: connectChosenPages,
  },
  refresh: instagramTokenRefresh,
  verify: verifyInstagramToken,
  credentialsForm: instagramCredentialsForm,
  ...metaSubscription,
};
