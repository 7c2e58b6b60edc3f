import { z } from 'zod';
import { failed, fetchBytes, type Outcome } from '../meta/graph-client.ts';
import { botApiFailure, callBotApi, parseResult, type BotApiCall } from './bot-api-client.ts';

/**
 * Inbound media (https://core.telegram.org/bots/api#getfile): `getFile` with the `file_id` the
 * update named gives a `file_path`, valid for at least an hour, and the bytes are at
 * `{apiUrl}/file/bot<token>/<file_path>`. "Bots can download files of up to 20 MB in size":
 * getFile refuses bigger ones ("file is too big") and the download is capped there too.
 */
export const TELEGRAM_DOWNLOAD_MAX_BYTES = 20 * 1_048_576;

const FileResultSchema = z.looseObject({ file_id: z.string(), file_size: z.number().optional().catch(undefined), file_path: z.string().min(1).optional() });

export interface DownloadedFile {
  bytes: Buffer;
  /** Telegram's file host answers application/octet-stream for most files: the update's mime_type is the better guess. */
  mimeType: string;
  /** The last part of `file_path` (`photos/file_12.jpg` → `file_12.jpg`). */
  filename: string;
}

export async function downloadTelegramFile(call: BotApiCall, fileId: string): Promise<Outcome<DownloadedFile>> {
  const res = await callBotApi(call, 'getFile', { file_id: fileId });
  if (!res.ok) return res;
  const file = parseResult(FileResultSchema, res.value);
  if (!file.ok) return file;
  const { file_path: filePath, file_size: size } = file.value;
  if (size !== undefined && size > TELEGRAM_DOWNLOAD_MAX_BYTES) return failed(tooBig());
  if (!filePath) return failed({ code: 'UNKNOWN_PLATFORM_ERROR', reason: 'Telegram gave no file_path for this file; it cannot be downloaded.', retryable: false, platformCode: 'no_file_path' });

  const base = new URL(call.apiUrl.replace(/\/+$/, '') + '/');
  const url = new URL(`file/bot${call.botToken}/${filePath.split('/').map(encodeURIComponent).join('/')}`, base);
  // The token is in the path: never follow a redirect off the API host.
  const got = await fetchBytes(call, url, { platform: 'Telegram', allowHost: (u) => u.origin === base.origin, secretHeaders: {}, maxBytes: TELEGRAM_DOWNLOAD_MAX_BYTES });
  if (!got.ok) return got.failure.platformCode === 'too_large' ? failed(tooBig()) : got;
  const { status, headers, bytes } = got.value;
  if (status < 200 || status >= 300) return failed(botApiFailure(status, undefined, headers));
  return { ok: true, value: { bytes, mimeType: headers.get('content-type') ?? 'application/octet-stream', filename: filePath.split('/').pop() ?? filePath } };
}

const tooBig = () => ({
  code: 'UNKNOWN_PLATFORM_ERROR' as const,
  reason: 'The file is larger than the 20 MB Telegram lets bots download.',
  retryable: false,
  platformCode: 'too_large',
});
