import { z } from 'zod';
import type { ChannelAccount } from '../channel-definition.ts';
import { TelegramCredentials } from './credentials.ts';
import { schemaText } from '../../contract/server-texts.ts';

/**
 * A bot, as the bot-token form hands it to `ctx.save` once getMe and setWebhook passed: routed by
 * its bot id (the number before the colon of its token), with its token and webhook secret.
 * Admins type only the token (the form, connect.ts): the secret is snorq's to make.
 */
export const telegramAccount: ChannelAccount<TelegramCredentials> = {
  name: 'Telegram bot',
  id: z.string().regex(/^\d{1,20}$/, schemaText('schema.botId')),
  credentials: TelegramCredentials.omit({ platform: true }),
};
