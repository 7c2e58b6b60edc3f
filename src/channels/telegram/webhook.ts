import type { ChannelCredentials, VerifyResult, WebhookRequest } from '../types.ts';
import { webhookAnswer } from './keyboards.ts';
import { normalizeTelegramBody } from './normalize-update.ts';
import { SECRET_TOKEN_HEADER, verifyTelegramSecretToken } from './secret-token.ts';
import { botIdOfRequest } from './webhook-url.ts';

/**
 * The webhook section of Telegram's definition: one JSON Update per POST to the URL snorq gave
 * setWebhook, which names the bot (`?bot=<id>`, webhook-url.ts), with the bot's own secret token
 * in `X-Telegram-Bot-Api-Secret-Token`. The key is the routed channel's (`signedWith: 'account'`):
 * a request naming a bot snorq has not connected, or carrying another bot's secret, is refused.
 * Any 2xx acknowledges an update.
 */
export const telegramWebhook = {
  paths: ['telegram'],
  signatureHeader: SECRET_TOKEN_HEADER,
  acknowledgement: { contentType: 'text/plain', body: 'ok', answer: webhookAnswer },
  receives: { reactions: false, edits: true },
  signedWith: 'account',
  accountHint: (req: WebhookRequest): string | undefined => botIdOfRequest(req),
  secrets: ({ credentials }: { credentials: ChannelCredentials | { platform: string; webhookSecret?: unknown } | null }): string[] =>
    credentials?.platform === 'telegram' && 'webhookSecret' in credentials && typeof credentials.webhookSecret === 'string' ? [credentials.webhookSecret] : [],
  verify: (req: WebhookRequest, secret: string | undefined): VerifyResult => verifyTelegramSecretToken(req, secret),
  normalize: (rawBody: Buffer, contentType: string | undefined, accountHint?: string) => normalizeTelegramBody(rawBody, contentType, accountHint),
} as const;
