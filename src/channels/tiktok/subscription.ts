import type { ChannelConnect, SubscriptionContext, SubscriptionOutcome } from '../channel-definition.ts';
import { setTikTokWebhookCallback, tiktokWebhookCallback } from './oauth.ts';
import { tiktokApp } from './app.ts';
import type { TiktokCredentials } from './credentials.ts';

/**
 * FACTS 6.1: one webhook callback URL per TikTok app; `fix` registers snorq's when it is not.
 * It is app-wide and may serve other businesses, so disconnecting a channel leaves it.
 */
async function ensureCallback(ctx: SubscriptionContext, fix: boolean): Promise<SubscriptionOutcome> {
  const app = tiktokApp(ctx.config);
  if (!app) return { state: 'unknown', detail: 'TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET are not set, so the app’s webhook registration cannot be read.' };
  const ours = ctx.webhookUrl;
  const current = await tiktokWebhookCallback(ctx.client, app);
  if (!current.ok) return { state: 'unknown', detail: `TikTok did not say: ${current.failure.reason}`, failure: current.failure };
  if (current.value === ours) return { state: 'subscribed', detail: null };
  if (fix) {
    const set = await setTikTokWebhookCallback(ctx.client, app, ours);
    if (set.ok) return { state: 'subscribed', detail: null };
    return { state: 'missing', detail: `Registering the webhook URL with TikTok failed: ${set.failure.reason}`, failure: set.failure };
  }
  return { state: 'missing', detail: current.value ? `TikTok sends this app’s direct messages to ${current.value}, not to ${ours}.` : 'No webhook URL is registered with TikTok for direct messages.' };
}

export const tiktokSubscription: Pick<ChannelConnect<TiktokCredentials>, 'subscribe' | 'check'> = {
  subscribe: (ctx) => ensureCallback(ctx, true),
  check: (ctx) => ensureCallback(ctx, false),
};
