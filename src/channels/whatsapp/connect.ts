import type { ChannelConnect } from '../channel-definition.ts';
import { whatsappAccount } from './connect-account.ts';
import { verifyNumberToken } from './verify.ts';
import { whatsappCredentialsForm } from './credentials-form.ts';
import { whatsappApp } from '../meta/apps.ts';
import { metaSubscription } from '../meta/subscription.ts';
import type { WhatsappCredentials } from './credentials.ts';
import { completeWhatsAppSignup, embeddedSignupUrl } from './embedded-signup.ts';

/** How a WhatsApp Cloud number is connected and kept connected (ChannelConnect): Embedded Signup, then every shared number. */
export const whatsappConnect: ChannelConnect<WhatsappCredentials> = {
  account: whatsappAccount,
  oauth: {
    missing: (config) => (whatsappApp(config) ? null : 'WhatsApp Embedded Signup needs WHATSAPP_APP_ID (or FACEBOOK_APP_ID) and its app secret.'),
    authorizeUrl: (config, flow) => embeddedSignupUrl({ config }, flow),
    complete: (ctx, code) => completeWhatsAppSignup(ctx, code),
  },
  verify: verifyNumberToken,
  credentialsForm: whatsappCredentialsForm,
  ...metaSubscription,
};
