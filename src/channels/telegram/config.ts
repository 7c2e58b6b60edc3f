import { baseUrl, optionalString } from '../../config/env-values.ts';
import type { ChannelConfig } from '../channel-definition.ts';
import { botIdOfToken } from './bot-setup.ts';
import { TELEGRAM_API_URL } from './bot-api-client.ts';
import { botSecretToken } from './webhook-url.ts';

const env = {
  /** A bot to connect at start (from @BotFather); others are connected from Settings → Channels. */
  TELEGRAM_BOT_TOKEN: optionalString,
  /** The key each bot's setWebhook secret_token is derived from (webhook-url.ts); without it each bot gets a random one. */
  TELEGRAM_WEBHOOK_SECRET: optionalString,
  TELEGRAM_API_URL: baseUrl(TELEGRAM_API_URL),
};

/** Telegram's variables (DESIGN.md): a bot from the environment, the webhook secret, the API host. */
export const telegramConfig = {
  env,
  secrets: ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET'],
  prefixes: ['TELEGRAM_'],
  envChannel: {
    // A bot sends its updates where its last setWebhook said: snorq says so at every start.
    subscribeAtStart: true,
    keys: ['TELEGRAM_BOT_TOKEN'],
    signing: ['TELEGRAM_WEBHOOK_SECRET'],
    spec: (e) => {
      const botId = e.TELEGRAM_BOT_TOKEN ? botIdOfToken(e.TELEGRAM_BOT_TOKEN) : undefined;
      if (!botId || !e.TELEGRAM_BOT_TOKEN || !e.TELEGRAM_WEBHOOK_SECRET) return null;
      const credentials = { platform: 'telegram', botToken: e.TELEGRAM_BOT_TOKEN.trim(), webhookSecret: botSecretToken(e.TELEGRAM_WEBHOOK_SECRET, botId) };
      return { externalAccountId: botId, displayName: `Telegram bot ${botId}`, credentials };
    },
  },
  urls: (e) => ({ telegram: e.TELEGRAM_API_URL }),
} satisfies ChannelConfig<typeof env>;
