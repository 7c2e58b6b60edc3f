import type { ChannelHistory } from '../channel-definition.ts';

/** The Bot API gives a bot no way to read past messages: updates arrive by webhook only (kept for 24 hours while none is set). */
export const telegramHistory: ChannelHistory = { none: 'The Telegram Bot API has no history a bot can read; messages arrive by webhook only' };
