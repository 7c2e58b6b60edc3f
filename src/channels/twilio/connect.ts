import type { ChannelConnect } from '../channel-definition.ts';
import { twilioAccount } from './connect-account.ts';
import { verifyTwilioAccount } from './verify.ts';
import { twilioCredentialsForm } from './credentials-form.ts';
import { twilioConnectForm } from './connect-form.ts';
import type { TwilioCredentials } from './credentials.ts';
import { twilioSubscription } from './subscription.ts';

/** How a Twilio WhatsApp sender is connected and kept connected (ChannelConnect): a form, no OAuth (FACTS 5.8). */
export const twilioConnect: ChannelConnect<TwilioCredentials> = {
  account: twilioAccount,
  form: twilioConnectForm,
  verify: verifyTwilioAccount,
  credentialsForm: twilioCredentialsForm,
  ...twilioSubscription,
};
