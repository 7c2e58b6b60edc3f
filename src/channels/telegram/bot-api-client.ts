import { z } from 'zod';
import { failed, parseJson, platformEvidence, type Outcome } from '../http/outcome.ts';
import { networkFailure, retryAfterHeader } from '../http/timed-fetch.ts';
import type { PlatformFailure } from '../types.ts';
import { prefixWithin } from '../../text/cut-text.ts';

/**
 * The one way snorq calls the Telegram Bot API: `POST {apiUrl}/bot<token>/<method>` with a JSON
 * body (https://core.telegram.org/bots/api#making-requests). Every answer is `{ok: true, result}`
 * or `{ok: false, error_code, description, parameters?}`, turned into an Outcome here; a network
 * failure or timeout is a retryable value. Never throws for a platform or network problem, and
 * never puts the token (it is in the URL) in a reason.
 */

export const TELEGRAM_API_URL = 'https://api.telegram.org';

export interface BotApiCall {
  /** TELEGRAM_API_URL: the real host, or the simulator's. */
  apiUrl: string;
  botToken: string;
  timeoutMs: number;
}

const EnvelopeSchema = z.looseObject({
  ok: z.boolean(),
  result: z.unknown().optional(),
  error_code: z.number().int().optional().catch(undefined),
  description: z.string().optional().catch(undefined),
  parameters: z
    .looseObject({ retry_after: z.number().optional().catch(undefined), migrate_to_chat_id: z.number().optional().catch(undefined) })
    .optional()
    .catch(undefined),
});
export type BotApiEnvelope = z.infer<typeof EnvelopeSchema>;

export const methodUrl = (call: BotApiCall, method: string): string => `${call.apiUrl.replace(/\/+$/, '')}/bot${call.botToken}/${method}`;

export async function callBotApi(call: BotApiCall, method: string, params: Record<string, unknown>): Promise<Outcome<unknown>> {
  return post(call, method, { headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(params) });
}

/** A file sent in the request itself (multipart/form-data), under the method's file field. */
export interface UploadedFile {
  field: string;
  bytes: Buffer;
  filename: string;
  mimeType: string;
}

/**
 * The same call as multipart/form-data with a file in it ("Sending files": post the file using
 * multipart/form-data, photos up to 10 MB, other files up to 50 MB). Parameters that are objects
 * (`reply_parameters`) go as their JSON text, the way the Bot API reads them from a form.
 */
export async function callBotApiWithFile(call: BotApiCall, method: string, params: Record<string, unknown>, file: UploadedFile): Promise<Outcome<unknown>> {
  const form = new FormData();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) form.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  form.set(file.field, new Blob([new Uint8Array(file.bytes)], { type: file.mimeType }), file.filename);
  return post(call, method, { headers: { accept: 'application/json' }, body: form });
}

async function post(call: BotApiCall, method: string, init: { headers: Record<string, string>; body: string | FormData }): Promise<Outcome<unknown>> {
  let res: Response;
  let text: string;
  try {
    const signal = AbortSignal.timeout(call.timeoutMs);
    res = await fetch(methodUrl(call, method), { method: 'POST', ...init, signal });
    text = await res.text();
  } catch (err) {
    return failed(networkFailure(err, call.timeoutMs, 'Telegram'));
  }
  const envelope = EnvelopeSchema.safeParse(parseJson(text));
  if (!envelope.success) return failed(botApiFailure(res.status, undefined, res.headers));
  if (!envelope.data.ok || !res.ok) return failed(botApiFailure(res.status, envelope.data, res.headers));
  return { ok: true, value: envelope.data.result };
}

/** Parse a successful `result`; one without what we need is not retried: Telegram may have acted. */
export function parseResult<S extends z.ZodType>(schema: S, value: unknown): Outcome<z.infer<S>> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return failed({ code: 'UNKNOWN_PLATFORM_ERROR', reason: 'Telegram answered with a result snorq could not read.', retryable: false, platformCode: 'unreadable_result' });
}

const MEDIA_REFUSALS =
  /wrong file identifier|failed to get HTTP URL content|wrong type of the web page content|file is too big|wrong remote file|IMAGE_PROCESS_FAILED|PHOTO_INVALID_DIMENSIONS|failed to download|PHOTO_SAVE_FILE_INVALID|file must be non-empty/i;

function blockedReason(said: string | undefined): string {
  if (said && /bot was blocked by the user/i.test(said)) return 'This person has blocked the bot; it can write to them again once they unblock it.';
  if (said && /user is deactivated/i.test(said)) return 'This person has deleted their Telegram account.';
  return `This person can't be reached by the bot${said ? `: ${said}` : '.'}`;
}

/**
 * A Bot API refusal as a PlatformFailure (https://core.telegram.org/bots/api#making-requests and
 * the descriptions Telegram gives; `error_code` is the HTTP status). `envelope` is undefined when
 * the body was not the Bot API's JSON (a proxy's error page).
 */
export function botApiFailure(status: number, envelope: BotApiEnvelope | undefined, headers: Headers): PlatformFailure {
  const code = envelope?.error_code ?? status;
  const said = envelope?.description === undefined ? undefined : prefixWithin(envelope.description, 300);
  const platformCode = said ? `${code} ${prefixWithin(said, 80)}` : `http_${status}`;
  const fail = (f: Omit<PlatformFailure, 'platformCode'>): PlatformFailure => ({ ...f, platformCode, ...platformEvidence(code, said) });

  if (code === 413) {
    return fail({ code: 'MEDIA_UPLOAD_FAILED', reason: 'Telegram refused the attachment as too large (a bot may upload at most 50 MB).', retryable: false });
  }
  if (code === 429) {
    // Telegram's own hint, in seconds, in the body; Retry-After when a proxy answered.
    const seconds = envelope?.parameters?.retry_after;
    const retryAfterMs = seconds !== undefined && seconds > 0 ? seconds * 1000 : retryAfterHeader(headers);
    return fail({ code: 'RATE_LIMITED', reason: 'Telegram is rate-limiting this bot.', retryable: true, ...(retryAfterMs !== undefined && { retryAfterMs }) });
  }
  // 401 Unauthorized: a revoked or wrong token. 404 Not Found: a token Telegram cannot even parse.
  if (code === 401 || code === 404) {
    return fail({
      code: 'TOKEN_EXPIRED',
      reason: "Telegram refused the bot's token (revoked in @BotFather, or wrong); connect the bot again with its current token.",
      retryable: false,
      tokenInvalid: true,
    });
  }
  // 403 is about the person, never the bot's token ("bot was blocked by the user", "user is deactivated",
  // "bot can't initiate conversation with a user"): the channel is not sent to reconnect.
  if (code === 403) {
    return fail({ code: 'RECIPIENT_BLOCKED', reason: blockedReason(said), retryable: false });
  }
  if (code === 400 && said && /chat not found|user not found|PEER_ID_INVALID/i.test(said)) {
    return fail({ code: 'INVALID_RECIPIENT', reason: 'Telegram found no chat with this person for the bot (they never started it, or the chat is gone).', retryable: false });
  }
  if (code === 400 && said && /message is too long|caption is too long/i.test(said)) {
    return fail({ code: 'MESSAGE_TOO_LONG', reason: `Telegram refused the text as too long: ${said}`, retryable: false });
  }
  if (code === 400 && said && MEDIA_REFUSALS.test(said)) {
    return fail({ code: 'MEDIA_UPLOAD_FAILED', reason: `Telegram could not take the attachment: ${said}`, retryable: false });
  }
  if (code >= 500 || status >= 500) {
    return fail({
      code: 'PLATFORM_UNAVAILABLE',
      reason: `Telegram had a temporary problem (HTTP ${status}).`,
      retryable: true,
      ...(retryAfterHeader(headers) !== undefined && { retryAfterMs: retryAfterHeader(headers) }),
    });
  }
  return fail({ code: 'UNKNOWN_PLATFORM_ERROR', reason: said ? `Telegram refused the request: ${said}` : `Telegram refused the request (HTTP ${status}).`, retryable: false });
}
