import { randomBytes } from 'node:crypto';
import { digits, HOUR, type PlatformSandbox } from '../platform-sandbox.ts';
import type { SimAccount } from '../types.ts';

/**
 * The sandbox's Telegram bot, as a person gets one from @BotFather: a bot id and its token
 * (`<bot id>:AA…`), plus the `secret_token` snorq gives setWebhook for it. snorq's own connect
 * flow makes that secret random and keeps it with the token when TELEGRAM_WEBHOOK_SECRET is
 * unset (`webhookSecretFor` in src/channels/telegram/connect-bot.ts); the sandbox does the same
 * and keeps it in sandbox.json, so the channel's credentials are those of a bot connected from
 * Settings. Telegram learns the webhook only from setWebhook, which snorq calls at every start
 * for this channel (the sandbox's simulator remembers it in its state file, but snorq's address
 * may have changed since).
 */
type SandboxBot = SimAccount & { webhookSecret?: unknown };

/** A bot token's secret half: `AA` and 33 more url-safe characters, as @BotFather hands them out. */
const tokenSecret = (): string => `AA${randomBytes(25).toString('base64url').slice(0, 33)}`;

export const telegramSandbox: PlatformSandbox = {
  newAccount: () => {
    const botId = `7${digits(9)}`;
    const bot: SandboxBot = {
      platform: 'telegram',
      accountId: botId,
      accessToken: `${botId}:${tokenSecret()}`,
      displayName: 'Snorq Coffee',
      username: 'snorq_coffee_bot',
      webhookSecret: randomBytes(32).toString('base64url'),
    };
    return bot;
  },
  variables: () => ({}),
  urls: { TELEGRAM_API_URL: 'telegram' },
  channel: (a) => {
    const { webhookSecret } = a as SandboxBot;
    // Only a hand-edited file lacks it: a channel without its secret would refuse every update.
    if (typeof webhookSecret !== 'string' || webhookSecret === '') throw new Error(`sandbox.json: the Telegram bot ${a.accountId} has no webhookSecret; move the file away to start a new sandbox`);
    return {
      platform: 'telegram',
      externalAccountId: a.accountId,
      // As snorq names a bot connected from Settings: its @username (getMe).
      displayName: a.username ? `@${a.username}` : (a.displayName ?? 'telegram sandbox'),
      credentials: { platform: 'telegram', botToken: a.accessToken, webhookSecret },
    };
  },
  // A bot's first message is the customer's /start; Telegram has no reply window, so the older thread is still answerable.
  demo: [
    { customer: { id: '5087312264', name: 'Ingrid Berg', username: 'ingrid_b' }, text: '/start', agoMs: 55 * 60_000 },
    { customer: { id: '5087312264', name: 'Ingrid Berg', username: 'ingrid_b' }, text: 'Hi! Do you ship the house blend to Oslo?', agoMs: 54 * 60_000 },
    { customer: { id: '5087312264', name: 'Ingrid Berg', username: 'ingrid_b' }, kind: 'voice', media: { type: 'audio' }, agoMs: 53 * 60_000 },
    { customer: { id: '6290114873', name: 'Dmitri Volkov', username: 'dvolkov' }, text: 'The grinder arrived today, thank you!', agoMs: 50 * HOUR },
  ],
  standaloneAccount: (env) => {
    const botToken = env('TELEGRAM_BOT_TOKEN', '7000000001:AAsimulatedTelegramBotTokenForSnorq0');
    return { platform: 'telegram', accountId: botToken.split(':')[0] ?? '', accessToken: botToken, displayName: 'Acme Store', username: 'acme_store_bot' };
  },
};
