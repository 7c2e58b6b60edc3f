import type { SimulatedPlatform } from '../simulated-platform.ts';
import { twilioCustomer } from './customer.ts';
import { registerTwilioRoutes } from './routes.ts';
import { registerTwilioOAuth } from './senders.ts';

/** WhatsApp through Twilio (FACTS 5): api.twilio.com's Messages and Media, the Account and Senders resources. */
export const twilio: SimulatedPlatform = {
  platform: 'twilio',
  webhookPath: '/api/v1/webhooks/twilio',
  registerRoutes: registerTwilioRoutes,
  registerOAuth: (app, ctx) => registerTwilioOAuth(app, ctx, ctx.oauth),
  customer: twilioCustomer,
};
