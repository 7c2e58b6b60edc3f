import type { SimContext } from '../context.ts';

export interface SenderWebhook {
  callback_url: string | null;
  status_callback_url: string | null;
}

/** The simulated Twilio's memory of each WhatsApp sender's webhook (sender sid → webhook; absent = the default, snorq's). */
const states = new WeakMap<SimContext, Map<string, SenderWebhook>>();

export function senderWebhooks(ctx: SimContext): Map<string, SenderWebhook> {
  let state = states.get(ctx);
  if (!state) states.set(ctx, (state = new Map()));
  return state;
}

/** `oauth.clear()` / `reset()`: forget it all. */
export function clearTwilioOAuth(ctx: SimContext): void {
  states.delete(ctx);
}
