import { z } from 'zod';
import { botIdOfToken } from './bot-setup.ts';
import { SECRET_TOKEN_PATTERN } from './secret-token.ts';

/**
 * What a Telegram channel seals in `channels.credentials_enc`: the bot token from @BotFather
 * (`<bot id>:<secret>`; it does not expire, revoking it in @BotFather makes every call 401) and
 * the `secret_token` snorq gave setWebhook for this bot, which its webhooks must carry.
 */
export const TelegramCredentials = z.object({
  platform: z.literal('telegram'),
  botToken: z.string().refine((token) => botIdOfToken(token) !== undefined, 'a bot token looks like 123456789:AA… (from @BotFather)'),
  webhookSecret: z.string().regex(SECRET_TOKEN_PATTERN),
});
export type TelegramCredentials = z.infer<typeof TelegramCredentials>;
