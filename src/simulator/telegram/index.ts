import type { SimulatedPlatform } from '../simulated-platform.ts';
import { telegramCustomer } from './customer.ts';
import { registerTelegramRoutes } from './routes.ts';
import { PLATFORM_ERRORS } from './answers.ts';
import { telegramSandbox } from './sandbox.ts';
import { keyboardMemory } from './keyboards.ts';
import { telegramMemory } from './telegram-state.ts';

/**
 * Telegram's Bot API (api.telegram.org) under `/telegram`: bots are `SimAccount`s with
 * `platform: 'telegram'`, the bot id as `accountId` and the bot token as `accessToken`. Customers
 * write in private chats; their updates go to the webhook the bot's setWebhook named.
 */
export const telegram = {
  platform: 'telegram',
  webhookPath: '/api/v1/webhooks/telegram',
  baseUrls: (url: string) => ({ telegram: `${url}/telegram` }),
  customerKinds: ['text', 'image', 'file', 'voice', 'audio', 'video', 'video_note', 'sticker', 'location', 'venue', 'contact', 'edit', 'tap', 'unsupported'],
  registerRoutes: registerTelegramRoutes,
  customer: telegramCustomer,
  sandbox: telegramSandbox,
  errorFaults: Object.keys(PLATFORM_ERRORS),
  memory: (ctx) => telegramMemory(ctx, keyboardMemory(ctx)),
} as const satisfies SimulatedPlatform;
