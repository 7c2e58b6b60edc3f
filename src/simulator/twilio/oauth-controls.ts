import type { SimContext } from '../context.ts';
import { senderWebhookOf, setSenderWebhookOf } from './senders.ts';

/** The controls tests use on the simulated Twilio (`Simulator.oauth`). */
export interface TwilioOAuthControls {
  /** The Twilio sender's webhook of an account (by AccountSid). */
  twilioSenderWebhook(accountSid: string): { callback_url: string | null; status_callback_url: string | null } | undefined;
  setTwilioSenderWebhook(accountSid: string, url: string | null): void;
}

export const twilioOAuthControls = (ctx: SimContext): TwilioOAuthControls => ({
  twilioSenderWebhook: (sid) => senderWebhookOf(ctx, ctx.oauth, sid),
  setTwilioSenderWebhook: (sid, url) => setSenderWebhookOf(ctx, ctx.oauth, sid, url),
});
