import type { FastifyInstance } from 'fastify';
import { DELIVERY_ERRORS } from './errors.ts';
import { clearTwilioOAuth } from './oauth-state.ts';
import type { SimContext } from '../context.ts';
import type { SimulatedPlatform } from '../simulated-platform.ts';
import type { SimAccount } from '../types.ts';
import { twilioCustomer } from './customer.ts';
import { registerTwilioRoutes } from './routes.ts';
import { registerTwilioOAuth } from './senders.ts';
import { twilioSandbox } from './sandbox.ts';
import { twilioOAuthControls } from './oauth-controls.ts';
import { registerTwilioCdn, twilioMediaUrl } from './cdn.ts';
import { twilioPhoneKey } from './phone.ts';
import { twilioSid } from './ids.ts';

/** WhatsApp through Twilio (FACTS 5): api.twilio.com's Messages and Media, the Account and Senders resources. */
export const twilio = {
  platform: 'twilio',
  webhookPath: '/api/v1/webhooks/twilio',
  baseUrls: (url: string) => ({ twilio: `${url}/twilio` }),
  customerKinds: ['text', 'image', 'video', 'audio', 'file', 'sticker', 'location', 'button', 'read', 'delivery', 'unsupported'],
  registerRoutes: registerTwilioRoutes,
  registerOAuth: (app: FastifyInstance, ctx: SimContext) => registerTwilioOAuth(app, ctx, ctx.oauth),
  customer: twilioCustomer,
  checkAccount: (account: SimAccount) => {
    if (!account.sender) throw new Error(`simulator: twilio account ${account.accountId} needs sender`);
  },
  oauthControls: twilioOAuthControls,
  clearOAuth: clearTwilioOAuth,
  customerKey: twilioPhoneKey,
  customerMedia: { mintId: () => twilioSid('ME'), url: twilioMediaUrl },
  registerCdn: registerTwilioCdn,
  sandbox: twilioSandbox,
  errorFaults: Object.keys(DELIVERY_ERRORS),
} as const satisfies SimulatedPlatform;
