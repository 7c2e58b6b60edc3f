import type { ChannelDefinition } from '../channel-definition.ts';
import { twilioApi } from './api.ts';
import { twilioConfig } from './config.ts';
import { twilioConnect } from './connect.ts';
import { TwilioCredentials } from './credentials.ts';
import { twilioHistory } from './history.ts';
import { twilioPolicy } from './policy.ts';
import { twilioMedia } from './media.ts';
import { twilioUi } from './ui.ts';
import { twilioWebhook } from './webhook.ts';
import { twilioMetadata } from './metadata.ts';

export const twilioChannel: ChannelDefinition<'twilio', TwilioCredentials, typeof twilioConfig> = {
  id: 'twilio',
  ui: twilioUi,
  webhook: twilioWebhook,
  api: twilioApi,
  policy: twilioPolicy,
  media: twilioMedia,
  history: twilioHistory,
  connect: twilioConnect,
  credentials: TwilioCredentials,
  messageMetadata: twilioMetadata,
  config: twilioConfig,
};
