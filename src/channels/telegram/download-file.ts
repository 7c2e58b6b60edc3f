import { z } from 'zod';
import type { MediaItem } from '../../db/schema.ts';
import type { MediaLookup, MediaPlanned, MediaSource } from '../channel-definition.ts';
import { finalFailure } from '../media-plans.ts';
import { TELEGRAM_API_URL } from './bot-api-client.ts';
import { TelegramCredentials } from './credentials.ts';

/**
 * How a Telegram file is downloaded (https://core.telegram.org/bots/api#getfile), as the plan of
 * the one media path (src/core/media, which makes both requests under its host checks and size
 * cap): `getFile` with the `file_id` the update named gives a `file_path`, valid for at least an
 * hour, and the bytes are at `{TELEGRAM_API_URL}/file/bot<token>/<file_path>`. The token travels
 * in the path, so the request has no `secretHeaders` and core fetches only from the configured
 * API host. "Bots can download files of up to 20 MB in size": getFile refuses bigger ones ("file
 * is too big") and the download is capped there too.
 */
export const TELEGRAM_DOWNLOAD_MAX_BYTES = 20 * 1_048_576;

const GetFileAnswer = z.looseObject({
  ok: z.literal(true),
  result: z.looseObject({ file_id: z.string(), file_size: z.number().optional().catch(undefined), file_path: z.string().min(1).optional() }),
});

export async function planTelegramDownload(item: MediaItem, source: MediaSource, lookup: MediaLookup): Promise<MediaPlanned> {
  // Parsed, not narrowed: the sealed credentials are read back as the platform's own schema.
  const credentials = TelegramCredentials.safeParse(source.credentials);
  if (!credentials.success) return finalFailure('The Telegram channel has no bot token to download media with.');
  if (!item.platformMediaId) return finalFailure('Telegram sent no file_id for this attachment.');
  // TELEGRAM_API_URL as configured (config.ts names it `telegram` in the call context's urls).
  const apiUrl = (source.urls as { telegram?: string }).telegram ?? TELEGRAM_API_URL;
  const base = new URL(apiUrl.replace(/\/+$/, '') + '/');
  // "./": a token (`<id>:<secret>`) at the start of a relative URL would read as a scheme.
  const token = credentials.data.botToken;
  const asked = await lookup({ url: new URL(`./bot${token}/getFile`, base), method: 'POST', json: { file_id: item.platformMediaId }, headers: { accept: 'application/json' } }, 'Telegram');
  if (!asked.ok) return asked;
  const answer = GetFileAnswer.safeParse(asked.value);
  if (!answer.success) return { ok: false, failure: { reason: 'Telegram answered getFile with something snorq could not read.', transient: true } };
  const { file_path: filePath, file_size: size } = answer.data.result;
  if (size !== undefined && size > TELEGRAM_DOWNLOAD_MAX_BYTES) return finalFailure('The file is larger than the 20 MB Telegram lets bots download.');
  if (!filePath) return finalFailure('Telegram gave no file_path for this file; it cannot be downloaded.');
  const url = new URL(`./file/bot${token}/${filePath.split('/').map(encodeURIComponent).join('/')}`, base);
  return { ok: true, plan: { request: { url } } };
}
