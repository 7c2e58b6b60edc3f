import type { ChannelMedia } from '../channel-definition.ts';
import type { OutboundMediaRules } from '../outbound-media.ts';
import { TELEGRAM_CAPTION_LIMIT, TELEGRAM_UPLOAD_LIMIT } from './api.ts';
import { planTelegramDownload, TELEGRAM_DOWNLOAD_MAX_BYTES } from './download-file.ts';

/**
 * What a bot sends (api.ts): photos up to 10 MB and other files up to 50 MB uploaded with the
 * request, any type (sendPhoto, sendVideo, sendVoice/sendAudio, else sendDocument); every kind
 * takes a caption of 1024 UTF-16 units. snorq sends one file per message (not sendMediaGroup), so
 * that each has its own status.
 */
const TELEGRAM_OUTBOUND: OutboundMediaRules = {
  kinds: {
    image: { mimeTypes: 'any', maxBytes: TELEGRAM_UPLOAD_LIMIT.photo },
    video: { mimeTypes: 'any', maxBytes: TELEGRAM_UPLOAD_LIMIT.other },
    audio: { mimeTypes: 'any', maxBytes: TELEGRAM_UPLOAD_LIMIT.other },
    file: { mimeTypes: 'any', maxBytes: TELEGRAM_UPLOAD_LIMIT.other },
  },
  caption: { limit: TELEGRAM_CAPTION_LIMIT, kinds: ['image', 'video', 'audio', 'file'] },
  perMessage: 1,
};

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
  outbound: TELEGRAM_OUTBOUND,
  plan: planTelegramDownload,
};
