import type { ChannelMedia } from '../channel-definition.ts';
import { planTelegramDownload, TELEGRAM_DOWNLOAD_MAX_BYTES } from './download-file.ts';

/** The Bot API's host: getFile and the file host share it, and the bot token travels in both paths. */
const API_HOSTS = ['api.telegram.org'];

/**
 * Inbound files (download-file.ts): getFile, then `{TELEGRAM_API_URL}/file/bot<token>/<path>`,
 * only from the Bot API's host or the configured TELEGRAM_API_URL (`telegram` in the call's
 * urls), never following a redirect elsewhere; bots may download 20 MB at most.
 */
export const telegramMedia: ChannelMedia = {
  hosts: API_HOSTS,
  credentialHosts: API_HOSTS,
  credentialUrls: ['telegram'],
  maxBytes: TELEGRAM_DOWNLOAD_MAX_BYTES,
  plan: planTelegramDownload,
};
