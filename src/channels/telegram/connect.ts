import { z } from 'zod';
import type { ChannelConnect, ChannelConnectForm, ConnectContext, ConnectedChannel, ConnectResult, SubscriptionContext, SubscriptionOutcome } from '../channel-definition.ts';
import { failedWith, summarise } from '../connect-results.ts';
import { telegramAccount } from './connect-account.ts';
import { TELEGRAM_API_URL } from './bot-api-client.ts';
import { setWebhook } from './bot-setup.ts';
import { checkBot, connectBot } from './connect-bot.ts';
import type { TelegramCredentials } from './credentials.ts';
import { webhookUrl } from './webhook-url.ts';

/**
 * A bot is connected by its token (Settings → Channels): getMe proves it, setWebhook points its
 * updates at snorq with the bot's own secret (connect-bot.ts). A token the Bot API refuses is
 * said plainly and nothing is stored. Health is getWebhookInfo.
 */

const apiUrlOf = (urls: Record<string, string | undefined>): string => urls['telegram'] ?? TELEGRAM_API_URL;
const secretOf = (config: Record<string, unknown>): string | undefined => (typeof config['TELEGRAM_WEBHOOK_SECRET'] === 'string' ? config['TELEGRAM_WEBHOOK_SECRET'] : undefined);
const publicUrlOf = (webhookUrl: string): string => webhookUrl.replace(/\/api\/v1\/webhooks\/[^/?]+$/, '');

async function submitTelegramForm(ctx: ConnectContext, values: Record<string, string | undefined>): Promise<ConnectResult> {
  const botToken = values.botToken?.trim();
  if (!botToken) return failedWith('telegram', 'Paste the bot token @BotFather gave you.');
  const config: Record<string, unknown> = { ...ctx.config };
  const publicUrl = typeof config['publicUrl'] === 'string' ? config['publicUrl'] : '';
  const connected = await connectBot({ apiUrl: apiUrlOf(ctx.client.urls), timeoutMs: ctx.client.timeoutMs, publicUrl, botToken, telegramSecret: secretOf(config) });
  if (!connected.ok) return failedWith('telegram', connected.failure.tokenInvalid ? 'Telegram refused this bot token (revoked, or mistyped); nothing was stored.' : connected.failure.reason);
  const { externalAccountId, displayName, credentials } = connected.value;
  const saved = await ctx.save(
    { platform: 'telegram', externalAccountId, displayName: values.displayName?.trim() || displayName, credentials: { botToken: credentials.botToken, webhookSecret: credentials.webhookSecret } },
    null,
  );
  // setWebhook already ran with this bot's secret (connectBot): recorded as the channel's subscription; `check` reads it back later.
  if (saved.ok) await ctx.subscribe(saved, { platform: 'telegram', external_account_id: externalAccountId }, credentials, { state: 'subscribed', detail: null });
  return summarise('telegram', [saved], [], 'Nothing was connected.');
}

export const telegramConnectForm: ChannelConnectForm = {
  title: 'Connect a Telegram bot',
  fields: [
    {
      name: 'botToken',
      label: 'Bot token',
      labelText: { code: 'connect.botToken' },
      hint: '(from @BotFather; checked with Telegram, then stored encrypted)',
      hintText: { code: 'connect.fromThenChecked', params: { source: '@BotFather', platform: 'Telegram' } },
      secret: true,
    },
    {
      name: 'displayName',
      label: 'Display name',
      labelText: { code: 'connect.displayName' },
      hint: '(optional: the bot’s @username)',
      hintText: { code: 'connect.optionalBotUsername' },
      optional: true,
    },
  ],
  values: z.object({ botToken: z.string().trim().min(1, 'Paste the bot token @BotFather gave you.'), displayName: z.string().trim().max(200).optional() }),
  submit: submitTelegramForm,
};

/** setWebhook with the channel's own secret: a bot from TELEGRAM_BOT_TOKEN at every start (config.ts `subscribeAtStart`). */
async function pointWebhook(ctx: SubscriptionContext, channel: ConnectedChannel, credentials: TelegramCredentials): Promise<SubscriptionOutcome> {
  const call = { apiUrl: apiUrlOf(ctx.client.urls), botToken: credentials.botToken, timeoutMs: ctx.client.timeoutMs };
  const hooked = await setWebhook(call, webhookUrl(publicUrlOf(ctx.webhookUrl), channel.external_account_id), credentials.webhookSecret);
  if (hooked.ok) return { state: 'subscribed', detail: null };
  return { state: hooked.failure.retryable ? 'unknown' : 'missing', detail: `Telegram did not set the bot's webhook: ${hooked.failure.reason}`, failure: hooked.failure };
}

/**
 * getWebhookInfo judged (connect-bot.ts). A webhook that is snorq's but was set without an update
 * type snorq now reads (bots connected before button taps were handled) is set again at once,
 * with the same URL and secret: nothing else would ever give those bots their taps.
 */
async function webhookState(ctx: SubscriptionContext, channel: ConnectedChannel, credentials: TelegramCredentials): Promise<SubscriptionOutcome> {
  const health = await checkBot({ apiUrl: apiUrlOf(ctx.client.urls), timeoutMs: ctx.client.timeoutMs, publicUrl: publicUrlOf(ctx.webhookUrl), credentials, nowMs: Date.now() });
  if (!health.ok) return { state: 'unknown', detail: `Telegram did not say: ${health.failure.reason}`, failure: health.failure };
  if (health.value.healthy && health.value.missingUpdates.length > 0) return pointWebhook(ctx, channel, credentials);
  return health.value.healthy ? { state: 'subscribed', detail: health.value.note ?? null } : { state: 'missing', detail: health.value.problem ?? null };
}

export const telegramConnect: ChannelConnect<TelegramCredentials> = {
  account: telegramAccount,
  form: telegramConnectForm,
  subscribe: pointWebhook,
  check: webhookState,
};
