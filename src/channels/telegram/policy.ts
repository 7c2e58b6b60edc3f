import type { ChannelPolicy } from '../channel-definition.ts';
import { TELEGRAM_TEXT_LIMIT } from './api.ts';

/**
 * A bot may write to anyone who started it, at any time, until they block it: no reply window.
 * Text is at most 4096 characters, counted in UTF-16 units (api.ts).
 */
export const telegramPolicy: ChannelPolicy = {
  textLimit: TELEGRAM_TEXT_LIMIT,
};
